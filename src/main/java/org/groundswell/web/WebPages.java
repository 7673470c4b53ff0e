package org.groundswell.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.groundswell.signature.SignatureService;

/** Server-rendered pages; every template escapes what it prints. */
@CheckedTemplate(basePath = "WebPages")
public class WebPages {

    public static native TemplateInstance confirmed(SignatureService.Confirmation confirmation);

    public static native TemplateInstance error(int status, String title, String message);
}
