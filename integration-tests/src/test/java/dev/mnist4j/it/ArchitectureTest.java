package dev.mnist4j.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the design promises, checked on the compiled classes of every module: mnist-api
 * without package cycles; the user's packages apart from the implementation; backends on the API
 * and SPI only; examples on the user's API only; and every public type saying how stable it is.
 */
class ArchitectureTest {
    /** The packages an application uses. */
    static final String[] USER_API = {
        "dev.mnist4j",
        "dev.mnist4j.core..",
        "dev.mnist4j.model..",
        "dev.mnist4j.data..",
        "dev.mnist4j.train..",
        "dev.mnist4j.predict..",
        "dev.mnist4j.io.."
    };

    static JavaClasses all;
    static JavaClasses api;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mnist4j");
        api = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("mnist-api"))
                .importPackages("dev.mnist4j");
    }

    @Test
    void theClassesOfEveryModuleAreThere() {
        for (String pkg : new String[] {
            "dev.mnist4j",
            "dev.mnist4j.spi",
            "dev.mnist4j.internal.data",
            "dev.mnist4j.backend.cpuref",
            "dev.mnist4j.backend.djl",
            "dev.mnist4j.backend.dl4j",
            "dev.mnist4j.backend.onnxruntime",
            "dev.mnist4j.serve",
            "dev.mnist4j.cli",
            "dev.mnist4j.examples",
            "dev.mnist4j.tck"
        }) {
            org.assertj.core.api.Assertions.assertThat(all.containPackage(pkg))
                    .as(pkg)
                    .isTrue();
        }
        org.assertj.core.api.Assertions.assertThat(api.containPackage("dev.mnist4j.backend.cpuref"))
                .isFalse();
    }

    @Test
    void mnistApiHasNoPackageCycles() {
        slices().matching("dev.(**)").should().beFreeOfCycles().check(api);
    }

    @Test
    void theUsersPackagesDoNotDependOnImplementationPackages() {
        noClasses()
                .that()
                .resideInAnyPackage(USER_API)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.mnist4j.internal..", "dev.mnist4j.backend..", "dev.mnist4j.cli..")
                .check(all);
    }

    @Test
    void theSpiDependsOnlyOnTheUsersValueTypesNotOnTheHub() {
        noClasses()
                .that()
                .resideInAPackage("dev.mnist4j.spi")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.mnist4j", "dev.mnist4j.internal..")
                .check(all);
    }

    @Test
    void backendsDependOnlyOnTheApiAndTheSpi() {
        noClasses()
                .that()
                .resideInAPackage("dev.mnist4j.backend..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.mnist4j",
                        "dev.mnist4j.internal..",
                        "dev.mnist4j.cli..",
                        "dev.mnist4j.examples..",
                        "dev.mnist4j.tck..")
                .because("a backend implements the SPI; the API's hub calls it, never the other way")
                .check(all);
        for (String backend : new String[] {"cpuref", "djl", "dl4j", "onnxruntime"}) {
            noClasses()
                    .that()
                    .resideInAPackage("dev.mnist4j.backend." + backend + "..")
                    .should()
                    .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.mnist4j.backend..")
                            .and(JavaClass.Predicates.resideOutsideOfPackage("dev.mnist4j.backend." + backend + "..")))
                    .check(all);
        }
    }

    @Test
    void theServerIsBuiltOnTheUsersApiAloneAndNoBackendKnowsIt() {
        noClasses()
                .that()
                .resideInAPackage("dev.mnist4j.serve..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.mnist4j.spi..", "dev.mnist4j.internal..", "dev.mnist4j.backend..", "dev.mnist4j.cli..")
                .because("the server is an application of the user's API: it works with any backend")
                .check(all);
        noClasses()
                .that()
                .resideInAnyPackage(concat(USER_API, "dev.mnist4j.backend..", "dev.mnist4j.spi.."))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.mnist4j.serve..")
                .check(all);
    }

    @Test
    void examplesUseOnlyTheUsersApi() {
        classes()
                .that()
                .resideInAPackage("dev.mnist4j.examples..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(concat(
                        USER_API, "dev.mnist4j.examples..", "java..", "javax.imageio..", "org.apiguardian.api.."))
                .check(all);
    }

    @Test
    void everyPublicTypeSaysHowStableItIsAndInternalOnesSayInternal() {
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideInAPackage("dev.mnist4j..")
                .should()
                .beAnnotatedWith(API.class)
                .check(all);
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideInAnyPackage("dev.mnist4j.internal..", "dev.mnist4j.backend..")
                .should(haveStatus(API.Status.INTERNAL))
                .check(all);
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideInAnyPackage(USER_API)
                .should(haveStatus(API.Status.STABLE))
                .check(all);
    }

    private static ArchCondition<JavaClass> haveStatus(API.Status status) {
        return new ArchCondition<>("be annotated @API(status = " + status + ")") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean ok = c.isAnnotatedWith(API.class)
                        && c.getAnnotationOfType(API.class).status() == status;
                events.add(new SimpleConditionEvent(c, ok, c.getName() + (ok ? " is " : " is not ") + status));
            }
        };
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
