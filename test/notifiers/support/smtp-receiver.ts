// An in-process SMTP server (smtp-server) that keeps every message it takes.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly recipients: readonly string[];
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly raw: string;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly url: string;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(
  opts: {
    port?: number;
    auth?: { user: string; pass: string };
    /** Takes the message but never answers the end of DATA. */
    isHanging?: boolean;
  } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const ok =
        auth.username === opts.auth?.user && auth.password === opts.auth?.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(new Error('invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom
          ? session.envelope.mailFrom.address
          : '';
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        if (opts.isHanging === true) return;
        mails.push({ from, recipients, raw, ...parseMail(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = opts.auth ? `${opts.auth.user}:${opts.auth.pass}@` : '';

  return {
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The headers and decoded text and HTML parts of a MIME message. */
export function parseMail(raw: string): {
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
} {
  const parts = { text: '', html: '' };
  const headers = walk(raw, parts);
  return {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    ...parts,
  };
}

function walk(
  entity: string,
  out: { text: string; html: string },
): Map<string, string> {
  const split = entity.indexOf('\r\n\r\n');
  const headers = parseHeaders(entity.slice(0, split));
  const body = entity.slice(split + 4);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];

  if (boundary !== undefined) {
    const pieces = body.split(`--${boundary}`).slice(1, -1);
    for (const piece of pieces) walk(piece.replace(/^\r\n/, ''), out);
    return headers;
  }
  const decoded = decodeBody(
    body,
    headers.get('content-transfer-encoding') ?? '7bit',
  );
  if (type.startsWith('text/html')) out.html += decoded;
  else if (type.startsWith('text/plain')) out.text += decoded;
  return headers;
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(
        line.slice(0, colon).toLowerCase(),
        line.slice(colon + 1).trim(),
      );
  }
  return headers;
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding))
    return Buffer.from(body, 'base64').toString('utf8');
  if (!/quoted-printable/i.test(encoding)) return body;
  const bytes: number[] = [];
  const text = body.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i += 1) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?utf-8\?([QB])\?([^?]*)\?=/gi,
      (_, enc: string, text: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
    );
}
