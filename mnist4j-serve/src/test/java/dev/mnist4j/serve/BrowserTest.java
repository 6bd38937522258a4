package dev.mnist4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page and the dashboard in real headless Chromium (Debian's chromium and chromium-driver),
 * driven by Selenium with pointer strokes. Screenshots go to target/.
 */
class BrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static DigitModel model;
    static ChromeDriver browser;

    @TempDir
    static Path profile;

    @BeforeAll
    static void start() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "no /usr/bin/chromium or /usr/bin/chromedriver: install Debian's chromium and chromium-driver"
                        + " (apt-get install chromium chromium-driver) to run the browser tests");
        // one epoch of Adam: about 98% on MNIST's test set, enough to read a drawn digit
        model = Backends.get("cpu-ref")
                .newModel(ModelOptions.defaults().withThreads(2).withSeed(7));
        model.newTrainer(TrainConfig.defaults()
                        .withEpochs(1)
                        .withOptimizer(OptimizerConfig.adam(0.001))
                        .withEvaluateEachEpoch(false))
                .fit(DataModules.mnist());
        System.setProperty("webdriver.chrome.driver", DRIVER.toString()); // never Selenium Manager, never online
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile.resolve("chromium"));
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (model != null) {
            model.close();
        }
    }

    private static WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Draws a polyline on the pad; points are in pad pixels (0–280), like a finger would. */
    private static void stroke(WebElement pad, int[][] points) {
        double scale = pad.getSize().getWidth() / 280.0;
        int cx = pad.getSize().getWidth() / 2;
        int cy = pad.getSize().getHeight() / 2;
        Actions a = new Actions(browser)
                .moveToElement(pad, (int) (points[0][0] * scale) - cx, (int) (points[0][1] * scale) - cy)
                .clickAndHold();
        for (int i = 1; i < points.length; i++) {
            int steps = 6;
            for (int s = 1; s <= steps; s++) {
                double x = points[i - 1][0] + (points[i][0] - points[i - 1][0]) * s / (double) steps;
                double y = points[i - 1][1] + (points[i][1] - points[i - 1][1]) * s / (double) steps;
                a.moveToElement(pad, (int) (x * scale) - cx, (int) (y * scale) - cy);
            }
        }
        a.release().perform();
    }

    private static String shownDigit() {
        return browser.findElement(By.id("digit")).getAttribute("data-digit");
    }

    private static void drawAndExpect(WebElement pad, String digit, int[][]... strokes) {
        browser.findElement(By.id("clear")).click();
        waiting(5).until(d -> shownDigit().isEmpty());
        for (int[][] s : strokes) {
            stroke(pad, s);
        }
        waiting(20).until(d -> !shownDigit().isEmpty());
        // the answer to the last stroke wins; wait until it has stopped changing
        waiting(20).until(d -> {
            String before = shownDigit();
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return before.equals(shownDigit());
        });
        assertThat(shownDigit()).as("the page's answer to a drawn %s", digit).isEqualTo(digit);
    }

    @Test
    void aDigitDrawnWithPointerStrokesIsRecognisedOnThePage() throws Exception {
        try (DigitServer server = DigitServer.start(ServerOptions.defaults().withPort(0), model, null)) {
            browser.manage().window().setSize(new Dimension(1280, 1000));
            browser.get(server.address().toString());
            WebElement pad = browser.findElement(By.id("pad"));
            waiting(10).until(d -> !d.findElements(By.cssSelector("#model dd")).isEmpty());
            assertThat(browser.findElement(By.id("model")).getText()).contains("cpu-ref");

            drawAndExpect(pad, "1", new int[][] {{140, 40}, {138, 150}, {136, 245}});
            drawAndExpect(pad, "7", new int[][] {{70, 55}, {210, 55}, {150, 160}, {110, 250}});
            drawAndExpect(pad, "0", new int[][] {
                {140, 35}, {95, 60}, {75, 140}, {95, 225}, {140, 248}, {185, 225}, {205, 140}, {185, 60}, {140, 35}
            });
            // the bars and the 28×28 the model saw are shown
            List<WebElement> bars = browser.findElements(By.cssSelector("#bars .bar"));
            assertThat(bars).hasSize(10);
            assertThat(bars.get(0).getAttribute("class")).contains("top");
            Object inked = ((JavascriptExecutor) browser)
                    .executeScript("const d = document.getElementById('seen').getContext('2d')"
                            + ".getImageData(0, 0, 28, 28).data; let n = 0;"
                            + " for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++; return n;");
            assertThat(((Number) inked).intValue())
                    .as("bright pixels in the 28×28 shown")
                    .isBetween(30, 400);
            screenshot("serve-draw.png");
        }
    }

    @Test
    void theKeyboardReachesClearAndUploadAndAnUploadedPictureIsRead(@TempDir Path dir) throws Exception {
        try (DigitServer server = DigitServer.start(ServerOptions.defaults().withPort(0), model, null)) {
            browser.get(server.address().toString());
            Path png = dir.resolve("three.png");
            writeTestImageAsPaper(png, 18); // MNIST's test image 18 is a 3
            browser.findElement(By.id("upload")).sendKeys(png.toAbsolutePath().toString());
            waiting(20).until(d -> "3".equals(shownDigit()));

            browser.findElement(By.tagName("body")).click();
            new Actions(browser).sendKeys(Keys.TAB).perform(); // the link to the dashboard comes first
            assertThat(browser.switchTo().activeElement().getAttribute("href")).endsWith("/dashboard");
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("clear");
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            waiting(5).until(d -> shownDigit().isEmpty());
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("upload");
        }
    }

    @Test
    void onAPhoneSizedScreenThePadFitsWithoutScrollingSideways() throws Exception {
        try (DigitServer server = DigitServer.start(ServerOptions.defaults().withPort(0), model, null)) {
            browser.manage().window().setSize(new Dimension(390, 844));
            try {
                browser.get(server.address().toString());
                JavascriptExecutor js = browser;
                long scrollWidth =
                        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
                long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
                assertThat(scrollWidth).isLessThanOrEqualTo(innerWidth);
                WebElement pad = browser.findElement(By.id("pad"));
                assertThat(pad.getSize().getWidth()).isBetween(200, (int) innerWidth);
                drawAndExpect(pad, "1", new int[][] {{140, 40}, {138, 150}, {136, 245}});
                screenshot("serve-phone.png");
            } finally {
                browser.manage().window().setSize(new Dimension(1280, 1000));
            }
        }
    }

    @Test
    void theDashboardOfARunningTrainingGetsItsChartsAndStaysAfterTheRun() throws Exception {
        DataModule mnist = DataModules.mnist();
        DataModule part = DataModules.of(
                "first-12800", mnist.train().subset(0, 12_800), mnist.test().subset(0, 2000));
        TrainConfig config = TrainConfig.defaults().withEpochs(3);
        try (DigitModel learner = Backends.get("cpu-ref")
                .newModel(ModelOptions.defaults().withThreads(1).withSeed(2))) {
            TrainingFeed feed = new TrainingFeed(learner, config, part.test());
            try (DigitServer server = DigitServer.start(ServerOptions.defaults().withPort(0), learner, feed)) {
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                    learner.newTrainer(config)
                            .addListener(feed)
                            .addListener(new dev.mnist4j.train.TrainingListener() {
                                @Override
                                public void onBatch(dev.mnist4j.train.BatchProgress p) {
                                    pause(10); // long enough for the page to watch it run
                                }
                            })
                            .fit(part);
                    feed.finish(true, "done");
                });
                browser.manage().window().setSize(new Dimension(1280, 1400));
                waiting(60).until(d -> feed.eventCount() > 1); // opened after training has started
                browser.get(server.address().resolve("/dashboard").toString());
                waiting(60)
                        .until(d -> points("loss") > 0
                                && "running"
                                        .equals(d.findElement(By.id("state")).getAttribute("data-state")));
                waiting(120).until(d -> points("epochs") > 0);
                run.get();
                waiting(30)
                        .until(d ->
                                "finished".equals(d.findElement(By.id("state")).getAttribute("data-state")));
                assertThat(points("loss")).isEqualTo(3 * 200);
                assertThat(points("accuracy")).isEqualTo(3 * 200);
                assertThat(points("speed")).isEqualTo(3 * 200);
                assertThat(points("epochs")).isEqualTo(3 * 2);
                assertThat(points("ratios")).isEqualTo(4 * (3 * 200 / TrainingFeed.RATIO_EVERY));
                assertThat(browser.findElements(By.cssSelector("table.confusion tr")))
                        .hasSize(11);
                assertThat(Integer.parseInt(
                                browser.findElement(By.id("mistakes")).getAttribute("data-count")))
                        .isPositive();
                assertThat(browser.findElement(By.id("run")).getText())
                        .contains("cpu-ref")
                        .contains("SGD(lr=0.01)");
                screenshot("serve-dashboard.png");
                browser.navigate().refresh(); // a finished run's page, opened again, shows the whole run
                waiting(30)
                        .until(d ->
                                "finished".equals(d.findElement(By.id("state")).getAttribute("data-state")));
                assertThat(points("loss")).isEqualTo(3 * 200);
            }
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int points(String chart) {
        String p = browser.findElement(By.id(chart)).getAttribute("data-points");
        return p == null ? 0 : Integer.parseInt(p);
    }

    private static void writeTestImageAsPaper(Path png, int index) throws Exception {
        int[] px = DataModules.mnist().test().rawImage(index);
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(280, 280, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 280; y++) {
            for (int x = 0; x < 280; x++) {
                int v = 255 - px[(y / 10) * 28 + x / 10];
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        assertThat(DataModules.mnist().test().label(index)).isEqualTo(3);
    }
}
