package org.groundswell.support;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Debian's Chromium, headless, driven through its ChromeDriver: the one way every browser test starts a browser. */
public final class Browsers {

    private Browsers() {
    }

    /** A headless Chromium with a window {@code width} px wide (900 high), nothing fetched in the background. */
    public static ChromeDriver start(int width) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("CHROME_BIN", "chromium", "chromium-browser", "google-chrome").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=" + width + ",900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("CHROMEDRIVER", "chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * A browser program from the environment variable, or else the first of the names found on the PATH. Missing:
     * the tests fail (never skip) and say what to install.
     */
    public static Path executable(String variable, String... names) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            assertTrue(Files.isExecutable(path), variable + "=" + configured + " is not an executable file");
            return path;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = dir.isBlank() ? null : Path.of(dir, name);
                if (candidate != null && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("The browser tests need " + String.join(" or ", names) + " on the PATH (or $" + variable
                + "). On Debian: sudo apt-get install chromium chromium-driver");
    }
}
