// An SMTP peer on 127.0.0.1 that takes a whole message and then never
// answers the end of DATA: the sender cannot know whether it was taken.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** The hanging peer and the stable ids of the messages it took. */
export interface HangingSmtp {
  readonly url: string;
  /** `X-Datagraph-Monitor-Id` of every message whose DATA ended. */
  readonly taken: readonly string[];
  close(): Promise<void>;
}

/** Starts the peer: greets, says 250 to everything, then hangs. */
export async function startHangingSmtp(): Promise<HangingSmtp> {
  const taken: string[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    socket.write('220 hanging.test ESMTP\r\n');
    let buffer = '';
    let isData = false;

    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (isData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        const id = /^X-Datagraph-Monitor-Id: (.+)$/im.exec(buffer)?.[1];
        taken.push(id?.trim() ?? '');
        buffer = '';
        return; // no 250: the hang
      }
      for (
        let at = buffer.indexOf('\r\n');
        at >= 0;
        at = buffer.indexOf('\r\n')
      ) {
        const line = buffer.slice(0, at).toUpperCase();
        buffer = buffer.slice(at + 2);
        isData = line === 'DATA';
        socket.write(isData ? '354 go ahead\r\n' : '250 ok\r\n');
        if (isData) return;
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    taken,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
