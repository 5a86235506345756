import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
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
        int unread = 0;
        try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stripped))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes;
                try (var stream = in.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                if (entry.getName().endsWith(".class")) {
                    before += bytes.length;
                    try {
                        bytes = withoutLocalVariables(bytes);
                    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                        unread++; // a class file newer than this ASM reads: kept as it is
                    }
                    after += bytes.length;
                }
                write(out, entry, bytes);
            }
        }
        Files.move(stripped, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("%s: class files %d -> %d bytes without local variable tables%s%n", jar.getFileName(), before, after,
                unread == 0 ? "" : "; " + unread + " class files kept as they were (too new for ASM)");
    }

    private static byte[] withoutLocalVariables(byte[] classFile) {
        // a new constant pool (no ClassReader passed to the writer), so the variables' names and types leave it too
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
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
