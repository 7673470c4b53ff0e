package org.groundswell.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.groundswell.problem.Problem;

/**
 * Paths no page or endpoint of ours ever has, answered before any routing: longer than {@value #MAX_PATH}
 * characters (414), or holding an encoded NUL or other control character (400). The HTTP decoder accepts request
 * lines of up to quarkus.http.limits.max-initial-line-length, so that long ones reach this handler and get a
 * problem document rather than the decoder's bare answer.
 */
@ApplicationScoped
public class HostilePaths {

    static final int MAX_PATH = 2048;

    private final RawProblems problems;

    public HostilePaths(RawProblems problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(EdgeOrder.HOSTILE_PATHS).handler(this::check);
    }

    void check(RoutingContext context) {
        String path = context.request().path();
        if (path != null && path.length() > MAX_PATH) {
            refuse(context, 414, "URI Too Long", "The request path is longer than " + MAX_PATH + " characters.");
        } else if (path != null && hasEncodedControl(path)) {
            refuse(context, 400, "Bad Request", "The request path holds a control character.");
        } else {
            context.next();
        }
    }

    /** %00 to %1F and %7F, in either case. */
    static boolean hasEncodedControl(String path) {
        for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
            char high = path.charAt(i + 1);
            char low = Character.toUpperCase(path.charAt(i + 2));
            if ((high == '0' || high == '1') && Character.digit(low, 16) >= 0 || (high == '7' && low == 'F')) {
                return true;
            }
        }
        return false;
    }

    private void refuse(RoutingContext context, int status, String title, String detail) {
        problems.send(context.response(), Problem.of(status, title, detail, null));
    }
}
