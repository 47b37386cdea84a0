// Copies the README's Quick start into this project: its XML block at the marker in pom.xml, and each Java
// block, unchanged, as one method of quickstart.QuickStart. Fails when the section or its blocks are missing.
def text = new File(readme).getText('UTF-8')
def start = text.indexOf('\n## Quick start\n')
assert start >= 0 : "no '## Quick start' section in ${readme}"
def end = text.indexOf('\n## ', start + 1)
def section = text.substring(start, end < 0 ? text.length() : end)

def blocks = { String lang -> (section =~ /(?s)```${lang}\n(.*?)```/).collect { it[1] } }
def xml = blocks('xml')
def java = blocks('java')
assert xml.size() == 1 : "expected one xml block in the Quick start, found ${xml.size()}"
assert java.size() >= 1 : 'no java block in the Quick start'

def pom = new File(basedir, 'pom.xml')
def marker = '<!-- README Quick start -->'
assert pom.text.contains(marker)
// The tests of this project need JUnit and the engine's IntegrationSupport: added as more dependencies.
def deps = xml[0]
def close = deps.lastIndexOf('</dependencies>')
assert close >= 0 : 'the Quick start has no <dependencies>'
deps = deps.substring(0, close) + '''  <dependency>
    <groupId>dev.ptrace</groupId>
    <artifactId>ptrace-core</artifactId>
    <version>''' + ptraceVersion + '''</version>
    <type>test-jar</type>
    <scope>test</scope>
  </dependency>
  <dependency>
    <groupId>org.junit.jupiter</groupId>
    <artifactId>junit-jupiter</artifactId>
    <version>''' + junitVersion + '''</version>
    <scope>test</scope>
  </dependency>
''' + deps.substring(close)
pom.setText(pom.getText('UTF-8').replace(marker, deps), 'UTF-8')

def methods = java.withIndex().collect { code, i ->
    "    public static void snippet${i + 1}() throws Exception {\n" + code + "    }\n"
}.join('\n')
def source = new File(basedir, 'src/main/java/quickstart/QuickStart.java')
source.parentFile.mkdirs()
source.setText("""package quickstart;

import dev.ptrace.*;
import dev.ptrace.strace.*;
import java.util.*;

/** The README's Quick start snippets, one method each, in the order they appear there. */
public final class QuickStart {
${methods}}
""", 'UTF-8')
return true
