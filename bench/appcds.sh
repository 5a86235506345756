# Sourced by the benchmarks: the AppCDS archive made as deploy/ makes it (pom.xml, dual-modem-telemetry-cds.service):
# a training run lists the classes it loads, then the JVM dumps them into one static archive.
#   appcds_archive DIR ARCHIVE JAR JVM-OPTIONS-FILE TRAINING-FLAGS...
# runs in DIR (its log: DIR/log) with the command in the caller's JAVA array; a failure leaves no archive, which the
# caller reports.
appcds_archive() {
    local dir=$1 archive=$2 jar=$3 options=$4; shift 4; mkdir -p "$dir"
    ( cd "$dir" && "${JAVA[@]}" "@$options" "$@" -XX:DumpLoadedClassList="$dir/classlist" -jar "$jar" \
        && "${JAVA[@]}" "@$options" -Xshare:dump -Xlog:cds=off -XX:SharedClassListFile="$dir/classlist" \
            -XX:SharedArchiveFile="$archive" -cp "$jar" ) > "$dir/log" 2>&1 || true
}
