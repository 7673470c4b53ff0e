# A throw-away SMTP server for the deploy checks: accepts any mail and appends its envelope recipients and the
# message to a file, each message ending in a line holding a single ".". Enough SMTP for a client without
# authentication or TLS. Usage: python3 smtp-sink.py PORT FILE (listens on 127.0.0.1).
import socketserver
import sys

port, out = int(sys.argv[1]), sys.argv[2]


class Session(socketserver.StreamRequestHandler):
    def reply(self, *lines):
        self.wfile.write("".join(line + "\r\n" for line in lines).encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 groundswell-check SMTP sink")
        data, message = False, []
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data:
                if line == ".":
                    with open(out, "a") as f:
                        f.write("\n".join(message) + "\n.\n")
                    data, message = False, []
                    self.reply("250 OK")
                else:
                    message.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-groundswell-check", "250 8BITMIME")
            elif verb == "DATA":
                data = True
                self.reply("354 End data with <CR><LF>.<CR><LF>")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                if verb == "RCPT":
                    with open(out, "a") as f:
                        f.write(line + "\n")
                self.reply("250 OK")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


Server(("127.0.0.1", port), Session).serve_forever()
