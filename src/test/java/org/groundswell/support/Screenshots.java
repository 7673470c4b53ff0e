package org.groundswell.support;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.JavascriptExecutor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's browser tests' screenshots: each page at 1280 and 390 px wide, with no horizontal scrolling. */
public final class Screenshots {

    public static final Path FOLDER = Path.of("target", "screenshots");
    private static final List<Integer> WIDTHS = List.of(1280, 390);

    private Screenshots() {
    }

    /** The page at each width (the viewport) as {@code target/screenshots/{name}-{width}.png}; back to 1280 after. */
    public static void take(WebDriver browser, String name) throws Exception {
        Files.createDirectories(FOLDER);
        for (int width : WIDTHS) {
            browser.manage().window().setSize(new Dimension(width, 900));
            Long scrollWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;");
            Long clientWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth;");
            assertTrue(scrollWidth <= clientWidth, name + ": no horizontal scrolling at " + width + " px");
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), FOLDER.resolve(name + "-" + width + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        browser.manage().window().setSize(new Dimension(1280, 900));
    }
}
