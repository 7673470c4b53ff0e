# Prints the confirmation token mailed to an address, read from the SMTP sink's file (deploy/lib/smtp-sink.py):
# the last message after "RCPT TO:<address>", decoded (quoted-printable, base64, multipart), link /confirm/<token>.
# Usage: python3 confirm-token.py FILE ADDRESS; exits 1 when there is none.
import email
import email.policy
import re
import sys

path, address = sys.argv[1], sys.argv[2].lower()
text = open(path, encoding="utf-8", errors="replace").read()
token = None
for chunk in text.split("\n.\n"):
    lines = chunk.split("\n")
    recipients = [l for l in lines if l.upper().startswith("RCPT TO:")]
    if not any(address in l.lower() for l in recipients):
        continue
    message = email.message_from_string("\n".join(l for l in lines if l not in recipients), policy=email.policy.default)
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        found = re.findall(r"/confirm/([A-Za-z0-9_-]{20,})", part.get_content())
        if found:
            token = found[-1]
if token is None:
    sys.exit(1)
print(token)
