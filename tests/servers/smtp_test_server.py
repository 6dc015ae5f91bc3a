#!/usr/bin/env python3
"""A real SMTP server for the tests, on Python's standard library only (no package to install).

It speaks enough ESMTP for MailKit (EHLO, STARTTLS, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP,
QUIT) and can misbehave on purpose, as the tests ask: answer DATA with a scripted sequence of replies
(e.g. 451 once, then 250), drop the connection in the middle of DATA, refuse recipients with 550 or defer them with 450,
require authentication, take its time before accepting, never greet (--hang), answer MAIL FROM with a 4xx
(--mail-reply), greet with a 421 and hang up (--greeting), greylist each new sender and recipient pair as a relay's
greylisting does (--greylist-rcpt), close each connection with a 421 after N messages as a relay's per-connection
limit does (--messages-per-connection), or store a message and hang up instead of its final reply (--data-replies lost).
Every accepted message is written to the mail folder as <n>.eml, and one JSON line per message (envelope, TLS, decoded subject, both parts)
to messages.jsonl. When it listens, it prints 'READY <port>' on stdout. It ends by itself once the process that started
it has ended (a killed test process runs no AfterAll that would stop it).

With --fork-servers it starts no server itself: it reads one JSON array of a server's arguments a line from stdin and
forks a server for each, which prints 'READY <port> <pid>' (or 'FAILED <why>') on the shared stdout. Python's start and
imports cost ~0.7 CPU s a process, and a test file starts dozens of servers (tests/servers/SmtpTestServer.ps1 keeps one
such process a test process). It ends at the end of its stdin (the test process's end), and its servers once it has.
"""
import argparse
import asyncio
import base64
import email
import email.policy
import itertools
import json
import os
import signal
import ssl
import sys

counter = itertools.count(1)
data_replies = []
greylist_first_seen = {}  # (sender, recipient) -> the loop's time of its first RCPT


def parse_args(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('--fork-servers', action='store_true',
                   help="start no server: fork one for each JSON array of arguments read from stdin (see above)")
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, default=0)
    p.add_argument('--maildir')
    p.add_argument('--tls-cert')
    p.add_argument('--tls-key')
    p.add_argument('--auth', help='user:password that AUTH must give before MAIL')
    p.add_argument('--data-replies', default='',
                   help="comma-separated replies for successive DATA commands: 250, 451, 554, drop (mid-DATA), "
                        "lost (the whole message stored, then the connection closed before the final reply); then 250")
    p.add_argument('--reject-rcpt', default='', help='recipients containing this text get 550')
    p.add_argument('--reject-sender', default='', help='senders (MAIL FROM) containing this text get 553')
    p.add_argument('--delay', type=float, default=0.0, help='seconds to wait between storing a message and accepting it')
    p.add_argument('--hang', action='store_true', help='accept connections and never say anything (no greeting)')
    p.add_argument('--mail-reply', default='',
                   help="reply to every MAIL FROM with this instead of 250, e.g. '451 4.7.1 Rate limit exceeded, try again later' or '421 ...'")
    p.add_argument('--defer-rcpt', default='', help='recipients containing this text get 450 (greylisted), every time')
    p.add_argument('--greylist-rcpt', type=float, default=None,
                   help='greylisting: the first RCPT of each sender and recipient pair gets 450, and so does every RCPT of it '
                        'until this many seconds have passed since; after that it is accepted')
    p.add_argument('--messages-per-connection', type=int, default=0,
                   help="after this many accepted messages on one connection, answer the next MAIL FROM with "
                        "'421 4.7.0 too many messages, closing connection' and hang up, as a relay's per-connection limit does")
    p.add_argument('--greeting', default='',
                   help="greet with this line instead of 220, e.g. '421 4.3.2 Service not available, try later'; "
                        "a greeting that is not 2xx closes the connection after it")
    args = p.parse_args(argv)
    if not args.fork_servers and not args.maildir:
        p.error('--maildir is required')
    return args


REPLIES = {
    '250': None,
    '451': '451 4.3.0 Temporary local problem, try again later',
    '452': '452 4.3.1 Insufficient system storage',
    '554': '554 5.6.0 Message rejected as content',
}


class Session:
    def __init__(self, args, reader, writer):
        self.args = args
        self.reader = reader
        self.writer = writer
        self.tls = False
        self.authenticated_as = None
        self.accepted = 0  # messages accepted on this connection (--messages-per-connection)
        self.reset()

    def reset(self):
        self.mail_from = None
        self.rcpts = []

    async def send(self, line):
        self.writer.write((line + '\r\n').encode('ascii'))
        await self.writer.drain()

    async def read_line(self):
        line = await self.reader.readline()
        if not line:
            raise ConnectionResetError('client closed')
        return line.decode('utf-8', 'replace').rstrip('\r\n')

    async def run(self):
        if self.args.hang:
            # Said, so a test can stop a client while it waits for the greeting, not before it connected (claim47).
            log_event(self.args, {'event': 'hanging'})
            await asyncio.sleep(100000)
        if self.args.greeting:
            # The event is written before the greeting is sent: a client that reads a refusal and ends at once must find it
            # in the file (round 46's CI: a test read no 'greeting' event after the 554 greeting it had been given).
            if not self.args.greeting.startswith('2'):
                log_event(self.args, {'event': 'greeting', 'reply': self.args.greeting})
            await self.send(self.args.greeting)
            if not self.args.greeting.startswith('2'):
                self.writer.close()
                return
        else:
            await self.send('220 localhost ESMTP BizMobileGo test server')
        while True:
            line = await self.read_line()
            verb, _, rest = line.partition(' ')
            verb = verb.upper()
            if verb == 'EHLO':
                self.reset()
                features = ['localhost']
                if self.args.tls_cert and not self.tls:
                    features.append('STARTTLS')
                if self.args.auth:
                    features.append('AUTH PLAIN LOGIN')
                features.append('HELP')
                for f in features[:-1]:
                    await self.send('250-' + f)
                await self.send('250 ' + features[-1])
            elif verb == 'HELO':
                self.reset()
                await self.send('250 localhost')
            elif verb == 'STARTTLS' and self.args.tls_cert and not self.tls:
                await self.send('220 2.0.0 Ready to start TLS')
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(self.args.tls_cert, self.args.tls_key)
                await self.writer.start_tls(context)
                self.tls = True
                self.reset()
            elif verb == 'AUTH' and self.args.auth:
                await self.auth(rest)
            elif verb == 'MAIL':
                if self.args.auth and not self.authenticated_as:
                    await self.send('530 5.7.0 Authentication required')
                    continue
                if self.args.messages_per_connection and self.accepted >= self.args.messages_per_connection:
                    log_event(self.args, {'event': 'connection limit', 'accepted': self.accepted})
                    await self.send('421 4.7.0 too many messages, closing connection')
                    self.writer.close()
                    return
                if self.args.mail_reply:
                    await self.send(self.args.mail_reply)
                    if self.args.mail_reply.startswith('421'):
                        self.writer.close()
                        return
                    continue
                self.reset()
                sender = rest.partition(':')[2].split(' ')[0].strip('<>')
                if self.args.reject_sender and self.args.reject_sender in sender:
                    await self.send(f'553 5.7.1 <{sender}>: Sender address rejected: not owned by user')
                    continue
                self.mail_from = sender
                await self.send('250 2.1.0 Ok')
            elif verb == 'RCPT':
                address = rest.partition(':')[2].split(' ')[0].strip('<>')
                if self.mail_from is None:
                    await self.send('503 5.5.1 MAIL first')
                elif self.args.defer_rcpt and self.args.defer_rcpt in address:
                    await self.send(f'450 4.2.0 <{address}>: Recipient address rejected: Greylisted, try again later')
                elif self.greylisted(address):
                    log_event(self.args, {'event': 'greylisted', 'rcpt': address})
                    await self.send(f'450 4.2.0 <{address}>: Recipient address rejected: Greylisted for '
                                    f'{self.args.greylist_rcpt:g} seconds, try again later')
                elif self.args.reject_rcpt and self.args.reject_rcpt in address:
                    await self.send(f'550 5.1.1 <{address}>: Recipient address rejected: User unknown')
                else:
                    self.rcpts.append(address)
                    await self.send('250 2.1.5 Ok')
            elif verb == 'DATA':
                if not self.rcpts:
                    await self.send('503 5.5.1 RCPT first')
                    continue
                await self.data()
            elif verb == 'RSET':
                self.reset()
                await self.send('250 2.0.0 Ok')
            elif verb == 'NOOP':
                await self.send('250 2.0.0 Ok')
            elif verb == 'QUIT':
                await self.send('221 2.0.0 Bye')
                self.writer.close()
                return
            else:
                await self.send('502 5.5.2 Command not recognized')

    def greylisted(self, address):
        """True while the pair of this sender and recipient is greylisted: first seen less than --greylist-rcpt seconds ago."""
        if self.args.greylist_rcpt is None:
            return False
        now = asyncio.get_running_loop().time()
        first_seen = greylist_first_seen.setdefault((self.mail_from.lower(), address.lower()), now)
        return now - first_seen < self.args.greylist_rcpt

    async def auth(self, rest):
        mechanism, _, initial = rest.partition(' ')
        mechanism = mechanism.upper()
        try:
            if mechanism == 'PLAIN':
                if not initial:
                    await self.send('334 ')
                    initial = await self.read_line()
                _, user, password = base64.b64decode(initial).decode('utf-8').split('\0')
            elif mechanism == 'LOGIN':
                if initial:
                    user = base64.b64decode(initial).decode('utf-8')
                else:
                    await self.send('334 VXNlcm5hbWU6')
                    user = base64.b64decode(await self.read_line()).decode('utf-8')
                await self.send('334 UGFzc3dvcmQ6')
                password = base64.b64decode(await self.read_line()).decode('utf-8')
            else:
                await self.send('504 5.5.4 Unrecognized authentication type')
                return
        except (ValueError, UnicodeDecodeError):
            await self.send('501 5.5.2 Cannot decode response')
            return
        if f'{user}:{password}' == self.args.auth:
            self.authenticated_as = user
            await self.send('235 2.7.0 Authentication successful')
        else:
            await self.send('535 5.7.8 Error: authentication failed')

    async def data(self):
        planned = data_replies.pop(0) if data_replies else '250'
        await self.send('354 End data with <CR><LF>.<CR><LF>')
        if planned == 'drop':
            await self.reader.readline()  # the first line of the message, then the connection goes away
            log_event(self.args, {'event': 'dropped'})
            self.writer.transport.abort()
            raise ConnectionResetError('dropped mid-DATA on purpose')
        lines = []
        while True:
            raw = await self.reader.readline()
            if not raw:
                raise ConnectionResetError('client closed during DATA')
            if raw in (b'.\r\n', b'.\n'):
                break
            if raw.startswith(b'.'):
                raw = raw[1:]
            lines.append(raw)
        content = b''.join(lines)
        if planned == 'lost':
            # The relay took the whole message (it may deliver it) and the connection broke before its final reply.
            self.store(content)
            log_event(self.args, {'event': 'lost'})
            self.writer.transport.abort()
            raise ConnectionResetError('closed before the final reply on purpose')
        if planned != '250':
            log_event(self.args, {'event': 'refused', 'reply': planned})
            await self.send(REPLIES[planned])
            self.reset()
            return
        number = self.store(content)
        # Stored before the reply: a client killed while it waits has delivered a message it can't know about.
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        await self.send(f'250 2.0.0 Ok: queued as TEST{number:05d}')
        self.accepted += 1
        self.reset()

    def store(self, content):
        """Writes an accepted message to the mail folder and messages.jsonl; returns its number."""
        number = next(counter)
        path = os.path.join(self.args.maildir, f'{number:05d}.eml')
        with open(path, 'wb') as f:
            f.write(content)
        record = describe(content)
        record.update({'number': number, 'file': path, 'mail_from': self.mail_from, 'rcpt_tos': self.rcpts,
                       'tls': self.tls, 'auth_user': self.authenticated_as})
        with open(os.path.join(self.args.maildir, 'messages.jsonl'), 'a', encoding='utf-8') as f:
            f.write(json.dumps(record, ensure_ascii=False) + '\n')
        return number


def describe(content):
    message = email.message_from_bytes(content, policy=email.policy.default)
    text = message.get_body(('plain',))
    html = message.get_body(('html',))
    return {
        'message_id': str(message['Message-ID'] or ''),
        'subject': str(message['Subject'] or ''),
        'from': str(message['From'] or ''),
        'to': str(message['To'] or ''),
        'content_type': message.get_content_type(),
        'content_language': str(message['Content-Language'] or ''),
        'email_id': str(message['X-BizMobileGo-Email-Id'] or ''),
        'text': text.get_content() if text is not None else None,
        'text_charset': text.get_content_charset() if text is not None else None,
        'html': html.get_content() if html is not None else None,
        'raw_headers_ascii': all(b < 128 for b in content.split(b'\r\n\r\n', 1)[0]),
    }


def log_event(args, event):
    with open(os.path.join(args.maildir, 'events.jsonl'), 'a', encoding='utf-8') as f:
        f.write(json.dumps(event) + '\n')


async def main(args, ready_suffix=''):
    os.makedirs(args.maildir, exist_ok=True)
    data_replies.extend(r for r in args.data_replies.split(',') if r)

    async def handle(reader, writer):
        try:
            await Session(args, reader, writer).run()
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, args.host, args.port)
    port = server.sockets[0].getsockname()[1]
    print(f'READY {port}{ready_suffix}', flush=True)
    async with server:
        await asyncio.wait([asyncio.create_task(server.serve_forever()), asyncio.create_task(parent_gone())],
                           return_when=asyncio.FIRST_COMPLETED)


async def parent_gone():
    """Returns once the process that started this server has ended.

    The test stops the server (Stop-SmtpTestServer); a test process that is killed (SIGKILL, a CI job's hard stop, the
    kernel's out-of-memory killer) runs no AfterAll, and the server would serve on, orphaned, until the machine
    restarts. An orphan is given a new parent (init or a subreaper), so a changed parent pid means the old one is gone.
    """
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(0.5)


def fork_servers():
    """--fork-servers: a server for each line of stdin, forked from this process with its imports done."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the servers as they end: no zombie to wait for
    for line in sys.stdin:
        if not line.strip():
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            code = 0
            try:
                asyncio.run(main(parse_args(json.loads(line)), f' {os.getpid()}'))
            except KeyboardInterrupt:
                pass
            except BaseException as e:  # bad arguments (argparse's SystemExit), a port in use: said on the line the test reads
                print(f'FAILED {type(e).__name__}: {e}', flush=True)
                code = 1
            finally:
                os._exit(code)


if __name__ == '__main__':
    try:
        first = parse_args()
        if first.fork_servers:
            fork_servers()
        else:
            asyncio.run(main(first))
    except KeyboardInterrupt:
        sys.exit(0)
