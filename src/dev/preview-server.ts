import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { BriefpackError } from '../errors.js';
import type { DevState, PreviewFile } from './dev-builder.js';
import { previewClient } from './preview-client.js';
import { briefPage, indexPage } from './preview-pages.js';
import { previewStyles } from './preview-styles.js';
import { unpackEpub, wireState, type UnpackedEpub } from './preview-state.js';

export interface PreviewServerOptions {
  /** 0 picks a free port. */
  port: number;
  state: () => DevState;
}

export interface PreviewServer {
  url: string;
  /** Sends the state to every open page. */
  publish(state: DevState): void;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  xhtml: 'application/xhtml+xml; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  pdf: 'application/pdf',
  epub: 'application/epub+zip',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xml: 'application/xml',
  opf: 'application/oebps-package+xml',
  ncx: 'application/x-dtbncx+xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
};
const typeOf = (name: string) => types[/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

// The outputs as built, and nothing from the network: their own policies stand, these only narrow them.
const outputPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
const pagePolicy = (host: string) => `default-src 'none'; script-src 'self'; style-src 'self'; frame-src 'self'; connect-src ws://${host}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * Whether a request's Host names this server by a loopback name: a page of another site that a DNS
 * rebinding points at 127.0.0.1 sends its own name, and is refused.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

/** The path's segments, percent-decoded; null for a malformed escape or a segment that could climb or nest (`..`, `a/b`). */
export function pathSegments(url: string): string[] | null {
  const pathname = url.split(/[?#]/, 1)[0] ?? '';
  const raw = pathname.split('/').slice(1);
  try {
    const segments = raw.map((s) => decodeURIComponent(s));
    return segments.some((s) => s === '.' || s === '..' || /[/\\\0]/.test(s)) ? null : segments;
  } catch {
    return null;
  }
}

/**
 * The preview's web server, on 127.0.0.1 alone: the two preview pages, their script and styles, the
 * build's outputs from memory (and the files inside each EPUB), and a WebSocket telling the pages of
 * each change. Every answer is looked up by name in what the build made: no path reaches the disk.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const epubs = new WeakMap<PreviewFile, UnpackedEpub>();
  const epubOf = (file: PreviewFile) => {
    let unpacked = epubs.get(file);
    if (!unpacked) epubs.set(file, (unpacked = unpackEpub(file.data)));
    return unpacked;
  };
  const client = `(${previewClient.toString()})();\n`;
  let port = options.port;

  const send = (res: ServerResponse, status: number, body: string | Uint8Array, type: string, policy?: string) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...(policy ? { 'content-security-policy': policy } : {}),
    });
    res.end(body);
  };
  const notFound = (res: ServerResponse) => send(res, 404, 'Not found\n', 'text/plain; charset=utf-8');

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (!isLoopbackHost(host, port)) return send(res, 403, 'Forbidden: the preview answers only to 127.0.0.1 and localhost\n', 'text/plain; charset=utf-8');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n', 'text/plain; charset=utf-8');
    const segments = pathSegments(req.url ?? '/');
    if (!segments) return send(res, 400, 'Bad path\n', 'text/plain; charset=utf-8');
    const state = options.state();
    const [first = '', slug = '', ...rest] = segments;
    const brief = state.briefs.find((b) => b.slug === slug);
    if (first === '' && segments.length === 1) return send(res, 200, indexPage(state), types.html!, pagePolicy(host));
    if (first === '__dev' && segments.length === 2) {
      if (slug === 'preview.js') return send(res, 200, client, types.js!);
      if (slug === 'preview.css') return send(res, 200, previewStyles, types.css!);
      return notFound(res);
    }
    if (!brief) return notFound(res);
    if (first === 'brief') {
      if (segments.length === 2) {
        res.writeHead(301, { location: `/brief/${encodeURIComponent(slug)}/` }).end();
        return;
      }
      return segments.length === 3 && rest[0] === '' ? send(res, 200, briefPage(state, brief), types.html!, pagePolicy(host)) : notFound(res);
    }
    if (first === 'out' && rest.length === 1) {
      const file = brief.files.get(rest[0]!);
      return file ? send(res, 200, file.data, typeOf(rest[0]!), outputPolicy) : notFound(res);
    }
    if (first === 'epub' && rest.length > 0) {
      const epub = [...brief.files].find(([name]) => name.endsWith('.epub'))?.[1];
      const inner = rest.join('/');
      const data = epub && epubOf(epub).files.get(inner);
      return data ? send(res, 200, data, typeOf(inner), outputPolicy) : notFound(res);
    }
    return notFound(res);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      send(res, 500, `briefpack preview: ${(error as Error).message}\n`, 'text/plain; charset=utf-8');
    }
  });
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The server no longer watches a socket it hands over: a peer that resets it must not stop the preview.
    socket.on('error', () => socket.destroy());
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || (/^http:\/\/([^/]+)$/.test(origin) && isLoopbackHost(origin.slice('http://'.length), port));
    if (!isLoopbackHost(req.headers.host, port) || !sameOrigin || pathSegments(req.url ?? '')?.join('/') !== '__dev/live') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      // A malformed frame is that page's problem, not the preview's.
      ws.on('error', () => ws.terminate());
      try {
        ws.send(JSON.stringify(wireState(options.state(), epubOf)));
      } catch {
        ws.terminate();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new BriefpackError('USAGE', `port ${options.port} is in use: give another with --port, or --port 0 for any free one`) : error),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    publish(state) {
      if (sockets.clients.size === 0) return;
      const message = JSON.stringify(wireState(state, epubOf));
      for (const ws of sockets.clients) if (ws.readyState === WebSocket.OPEN) ws.send(message);
    },
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => {
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
