package dev.ptrace;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's shape rules (DESIGN-NOTES §2.10): JDK-only dependencies, and what may be public in dev.ptrace. */
class ArchitectureTest {

    private static JavaClasses production;

    /** Depends on JUnit and ArchUnit: must break the dependency rule. */
    private static final ArchRule JDK_ONLY = classes().that().resideInAPackage("dev.ptrace..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.ptrace..")
            .because("the API depends on the JDK only");

    private static final ArchCondition<JavaClass> BE_VALUE_OR_EXCEPTION_TYPE =
            new ArchCondition<>("be an interface, record, enum or PtraceException subclass") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    boolean ok = c.isInterface() || c.isEnum() || c.isAssignableTo(Record.class)
                            || c.isAssignableTo(PtraceException.class);
                    events.add(new SimpleConditionEvent(c, ok, c.getName() + (ok ? " is" : " is not")
                            + " an interface, record, enum or PtraceException subclass"));
                }
            };

    private static final ArchRule PUBLIC_TYPES = classes().that().resideInAPackage("dev.ptrace")
            .and().arePublic().and().areTopLevelClasses()
            .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(Ptrace.class)))
            .should(BE_VALUE_OR_EXCEPTION_TYPE)
            .because("everything public in dev.ptrace is mockable or a value (Ptrace is the entry point)");

    @BeforeAll
    static void importProduction() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ptrace");
    }

    @Test
    void importFoundTheApi() {
        assertTrue(production.contain(Ptrace.class));
        assertTrue(production.contain(dev.ptrace.internal.BackendSelector.class));
        assertTrue(production.contain(dev.ptrace.spi.TracerProvider.class));
        assertFalse(production.contain(ArchitectureTest.class));
    }

    @Test
    void apiDependsOnTheJdkOnly() {
        JDK_ONLY.check(production);
    }

    @Test
    void publicTopLevelTypesAreInterfacesRecordsEnumsOrExceptions() {
        PUBLIC_TYPES.check(production);
    }

    @Test
    void theRulesCatchViolations() {
        JavaClasses offenders = new ClassFileImporter().importClasses(ArchitectureTest.class, PublicClassFixture.class);
        assertTrue(JDK_ONLY.evaluate(offenders).hasViolation(), "a test class depends on JUnit");
        assertTrue(PUBLIC_TYPES.evaluate(offenders).hasViolation(), "PublicClassFixture is a plain public class");
        JavaClasses fine = new ClassFileImporter().importClasses(Signal.class, Tracer.class, TraceeGoneException.class,
                Ptrace.class, Errno.class);
        assertFalse(PUBLIC_TYPES.evaluate(fine).hasViolation());
    }
}
