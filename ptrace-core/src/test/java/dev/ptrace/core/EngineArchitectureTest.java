package dev.ptrace.core;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's layering: the helpers reach the kernel through {@link Kernel} and the engine's thread through
 * interfaces, never the engine itself; no class writes another's fields; and the engine stays a short facade.
 */
class EngineArchitectureTest {
    private static final int ENGINE_MAX_LINES = 400;
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ptrace.core");
    }

    private static final ArchCondition<JavaClass> TAKE_NO_ENGINE_IN_A_CONSTRUCTOR =
            new ArchCondition<>("take no PtraceEngine in a constructor") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (JavaConstructor k : c.getConstructors()) {
                        boolean takesEngine = k.getRawParameterTypes().stream()
                                .anyMatch(p -> p.isEquivalentTo(PtraceEngine.class));
                        if (takesEngine) {
                            events.add(SimpleConditionEvent.violated(k, k.getFullName() + " takes the engine"));
                        }
                    }
                }
            };

    /** Whether two classes are one class or nested in one top-level class. */
    private static boolean sameTopLevel(JavaClass a, JavaClass b) {
        return topLevel(a).equals(topLevel(b));
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    private static final ArchCondition<JavaClass> WRITE_ONLY_THEIR_OWN_FIELDS =
            new ArchCondition<>("write only their own fields") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    for (JavaFieldAccess a : c.getFieldAccessesFromSelf()) {
                        if (a.getAccessType() != JavaFieldAccess.AccessType.SET) {
                            continue;
                        }
                        JavaClass owner = a.getTarget().getOwner();
                        if (!sameTopLevel(owner, c) && owner.getPackageName().equals(c.getPackageName())) {
                            events.add(SimpleConditionEvent.violated(a, a.getDescription()));
                        }
                    }
                }
            };

    @Test
    void noCoreClassTakesTheEngineInItsConstructor() {
        ArchRule rule = classes().that().resideInAPackage("dev.ptrace.core").and().doNotHaveSimpleName("PtraceEngine")
                .should(TAKE_NO_ENGINE_IN_A_CONSTRUCTOR);
        rule.check(core);
    }

    @Test
    void noHelperDependsOnTheEngine() {
        // the provider creates it; nothing else may call back into it
        ArchRule rule = noClasses().that().resideInAPackage("dev.ptrace.core")
                .and().doNotHaveSimpleName("PtraceEngine").and().doNotHaveSimpleName("CoreTracerProvider")
                .should().dependOnClassesThat().haveSimpleName("PtraceEngine")
                .because("helpers reach the kernel through Kernel and the tracer thread through TracerExecutor");
        rule.check(core);
    }

    @Test
    void noClassWritesAnothersFields() {
        classes().that().resideInAPackage("dev.ptrace.core").should(WRITE_ONLY_THEIR_OWN_FIELDS).check(core);
    }

    @Test
    void theEngineIsAShortFacade() throws IOException {
        Path source = Path.of("src/main/java/dev/ptrace/core/PtraceEngine.java");
        long lines = Files.readAllLines(source).size();
        assertTrue(lines < ENGINE_MAX_LINES, "PtraceEngine has " + lines + " lines; keep it under "
                + ENGINE_MAX_LINES + " by giving new work its own class");
    }
}
