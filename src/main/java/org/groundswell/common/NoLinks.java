package org.groundswell.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * Text that names a person and carries nothing a reader could follow: no "://", no e-mail address, no web address
 * ("www.", or a host name such as "evil.example" or "bit.ly/x"). A supporter's name is shown to others (the
 * organiser, the campaign's mails to them), so it must not become a way to put a link in front of someone. A name
 * written with a dot and no space between two words ("Dr.Smith") reads as a host name and is refused too; the
 * message says what to change.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoLinks.Validator.class)
public @interface NoLinks {

    String message() default "must be a name, without a web address or an e-mail address (write \"Dr. Smith\", not \"Dr.Smith\")";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NoLinks, String> {

        // Each pattern starts only where a label starts (the look-behind) and never gives back what it matched (the
        // possessive quantifiers), so that it costs one pass over the text, however long: validation runs before the
        // length is refused, on bodies of up to 64K.
        /** A label, a dot (ASCII or a look-alike), two or more letters: a host name. */
        private static final Pattern HOST = Pattern.compile(
                "(?<![\\p{L}\\p{N}_-])[\\p{L}\\p{N}][\\p{L}\\p{N}_-]*+[\\.\\u3002\\uFF0E\\uFF61\\u2024]\\p{L}{2,}",
                Pattern.UNICODE_CHARACTER_CLASS);
        /** A host name with a path, however short its first label ("t.co/x"). */
        private static final Pattern HOST_PATH = Pattern.compile(
                "(?<![\\p{L}\\p{N}.-])[\\p{L}\\p{N}-]++(?:[\\.\\u3002\\uFF0E\\uFF61\\u2024][\\p{L}\\p{N}-]++)++/",
                Pattern.UNICODE_CHARACTER_CLASS);
        private static final Pattern EMAIL = Pattern.compile("[^\\s@]@[^\\s@]");
        private static final Pattern WWW = Pattern.compile("(?i)\\bwww\\d{0,3}[\\.\\u3002\\uFF0E\\uFF61]");

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isPlain(value);
        }

        public static boolean isPlain(String value) {
            String text = java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFKC);
            return !text.contains("://") && !EMAIL.matcher(text).find()
                    && !WWW.matcher(text).find() && !HOST_PATH.matcher(text).find() && !hasHost(text);
        }

        private static boolean hasHost(String text) {
            var matcher = HOST.matcher(text);
            int from = 0;
            while (from < text.length() && matcher.find(from)) {
                // "J.R.R. Tolkien", "A. Smith": a single letter before the dot is an initial, not a host ...
                if (matcher.end() - matcher.start() >= 4 && letterCount(text, matcher.start()) >= 2) {
                    return true;
                }
                from = matcher.start() + 1; // ... but "x.evil.example" holds one after it
            }
            return false;
        }

        /** Letters and digits in the label that starts at {@code start}. */
        private static int letterCount(String text, int start) {
            int n = 0;
            for (int i = start; i < text.length() && Character.isLetterOrDigit(text.charAt(i)); i++) {
                n++;
            }
            return n;
        }
    }
}
