import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build step (pom.xml, after the shaded jar is made): drops the local variable tables (LocalVariableTable,
 * LocalVariableTypeTable) from every class in the jar, in place. Only a debugger reads them; the JVM keeps them with
 * each loaded method, in the AppCDS archive's pages, so they cost resident memory on the Pi (README "Footprint").
 * Line numbers and source file names stay, so stack traces read as before; parameter names (MethodParameters) stay.
 *
 *   java -cp asm.jar build/StripLocalVariables.java JAR
 */
public final class StripLocalVariables {

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path stripped = jar.resolveSibling(jar.getFileName() + ".stripping");
        long before = 0;
        long after = 0;
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stripped))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes;
                try (var stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (entry.getName().endsWith(".class")) {
                    before += bytes.length;
                    bytes = withoutLocalVariables(entry.getName(), bytes);
                    after += bytes.length;
                }
                write(out, entry, bytes);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(stripped);
            throw e;
        }
        Files.move(stripped, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("%s: class files %d -> %d bytes without local variable tables%n", jar.getFileName(), before, after);
    }

    /**
     * The class without its local variable tables. A class this ASM cannot read (a newer class file version) or with an
     * attribute ASM does not know (it could point into the constant pool, which is rebuilt) stops the build, naming it:
     * the fix is a newer ASM in pom.xml.
     */
    private static byte[] withoutLocalVariables(String name, byte[] classFile) {
        // a new constant pool (no ClassReader passed to the writer), so the variables' names and types leave it too
        ClassWriter writer = new ClassWriter(0);
        try {
            new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public void visitAttribute(Attribute attribute) {
                    throw unknown(attribute);
                }

                @Override
                public FieldVisitor visitField(int access, String field, String descriptor, String signature, Object value) {
                    return new FieldVisitor(Opcodes.ASM9, super.visitField(access, field, descriptor, signature, value)) {
                        @Override
                        public void visitAttribute(Attribute attribute) {
                            throw unknown(attribute);
                        }
                    };
                }

                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, method, descriptor, signature, exceptions)) {
                        @Override
                        public void visitAttribute(Attribute attribute) {
                            throw unknown(attribute);
                        }

                        @Override
                        public void visitLocalVariable(String variable, String descriptor, String signature, Label start, Label end, int index) {
                        }
                    };
                }
            }, 0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot strip " + name + " (" + e.getMessage() + "): update ASM in pom.xml", e);
        }
        return writer.toByteArray();
    }

    private static IllegalArgumentException unknown(Attribute attribute) {
        return new IllegalArgumentException("an attribute ASM does not know: " + attribute.type);
    }

    private static void write(ZipOutputStream out, ZipEntry entry, byte[] bytes) throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        copy.setMethod(entry.getMethod());
        if (entry.getMethod() == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            copy.setSize(bytes.length);
            copy.setCompressedSize(bytes.length);
            copy.setCrc(crc.getValue());
        }
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
    }
}
