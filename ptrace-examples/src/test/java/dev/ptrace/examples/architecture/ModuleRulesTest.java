package dev.ptrace.examples.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module rules of the project, checked on the compiled classes of every module (this module's test
 * classpath holds them all): the API needs only the JDK, each FFI library stays in its backend, the strace module
 * never reaches the engine or a backend.
 */
class ModuleRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ptrace");
        for (String pkg : new String[] {"dev.ptrace", "dev.ptrace.core", "dev.ptrace.jna", "dev.ptrace.jnr",
            "dev.ptrace.syscalls", "dev.ptrace.strace"}) {
            assertTrue(classes.containPackage(pkg), "the classpath lacks " + pkg + ": the rules would check nothing");
        }
    }

    @Test
    void theApiDependsOnTheJdkOnly() {
        classes().that().resideInAnyPackage("dev.ptrace", "dev.ptrace.spi", "dev.ptrace.internal")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.ptrace", "dev.ptrace.spi",
                        "dev.ptrace.internal")
                .check(classes);
    }

    @Test
    void onlyTheJnaBackendUsesJna() {
        noClasses().that().resideOutsideOfPackage("dev.ptrace.jna..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sun.jna..")
                .check(classes);
    }

    @Test
    void onlyTheJnrBackendUsesJnrFfi() {
        noClasses().that().resideOutsideOfPackage("dev.ptrace.jnr..")
                .should().dependOnClassesThat().resideInAnyPackage("jnr..", "com.kenai.jffi..")
                .check(classes);
    }

    @Test
    void straceNeverReachesTheEngineOrABackend() {
        noClasses().that().resideInAPackage("dev.ptrace.strace..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ptrace.core..", "dev.ptrace.jna..",
                        "dev.ptrace.jnr..")
                .check(classes);
    }

    @Test
    void theEngineKnowsNoBackend() {
        noClasses().that().resideInAPackage("dev.ptrace.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ptrace.jna..", "dev.ptrace.jnr..",
                        "dev.ptrace.strace..", "dev.ptrace.syscalls..")
                .check(classes);
    }

    @Test
    void theSyscallTablesDependOnTheApiAndTheJdkOnly() {
        classes().that().resideInAPackage("dev.ptrace.syscalls..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.ptrace", "dev.ptrace.syscalls..")
                .check(classes);
    }

    @Test
    void backendsDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("dev.ptrace.jna..")
                .should().dependOnClassesThat().resideInAPackage("dev.ptrace.jnr..").check(classes);
        noClasses().that().resideInAPackage("dev.ptrace.jnr..")
                .should().dependOnClassesThat().resideInAPackage("dev.ptrace.jna..").check(classes);
    }

    @Test
    void generatedTablesSayTheyAreGenerated() {
        classes().that().resideInAPackage("dev.ptrace.syscalls.generated").and().areTopLevelClasses()
                .should().beAnnotatedWith("dev.ptrace.syscalls.Generated")
                .check(classes);
    }

    @Test
    void everyApiExceptionIsAPtraceException() {
        classes().that().resideInAPackage("dev.ptrace").and().areAssignableTo(RuntimeException.class)
                .should().beAssignableTo("dev.ptrace.PtraceException")
                .check(classes);
    }
}
