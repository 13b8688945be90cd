// A forwarding proxy on 127.0.0.1 for the network tests: answers CONNECT host:port by opening a tunnel, like
// a company proxy. It resolves names from its own table only (so a host name like api.close.test reaches the
// test server through it and nowhere else), and every other target gets 502: nothing leaves this machine.
// With `tls` it is an https:// proxy; a recording relay in front of it shows the bytes as they cross the wire.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ConnectProxy {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Every CONNECT target asked for, as `host:port`, in order. */
  connects: string[];
  /** When set, CONNECT without this `Proxy-Authorization` value gets 407. */
  requireAuthorization?: string;
  close(): Promise<void>;
}

/** `hosts` maps the names the proxy can resolve to loopback addresses; `tls` (PEM) makes it an https:// proxy. */
export async function startConnectProxy(hosts: Record<string, string>, tls?: { key: string; cert: string }): Promise<ConnectProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: ConnectProxy = {
    url: '',
    connects: [],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const refuseRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('This test proxy only tunnels (CONNECT).\n');
  };
  const server = tls ? https.createServer(tls, refuseRequest) : http.createServer(refuseRequest);
  server.on(tls ? 'secureConnection' : 'connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    proxy.connects.push(target);
    const refuse = (status: string, extra = '') => client.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\n\r\n`);
    if (proxy.requireAuthorization && req.headers['proxy-authorization'] !== proxy.requireAuthorization) {
      refuse('407 Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="test proxy"\r\n');
      return;
    }
    const match = /^([^:]+):(\d+)$/.exec(target);
    const address = match ? hosts[match[1].toLowerCase()] : undefined;
    if (!match || !address || !['127.0.0.1', '::1'].includes(address)) {
      refuse('502 Bad Gateway');
      return;
    }
    const upstream = net.connect(Number(match[2]), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proxy.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

export interface RecordingRelay {
  /** e.g. 127.0.0.1:40124: connect here instead of the target. */
  address: string;
  /** Every byte the clients sent, as they crossed the wire. */
  received(): Buffer;
  close(): Promise<void>;
}

/** A plain TCP relay to `target` (host:port) that records what clients send: what anyone on the network would see. */
export async function startRecordingRelay(target: string): Promise<RecordingRelay> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk: Buffer) => chunks.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => Buffer.concat(chunks),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
