// A small LSP client over a child process's stdio, for the smoke test against the real server.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface ResponseErrorShape {
  code: number;
  message: string;
}

export class RpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

type Handler = (params: unknown) => unknown;

export class LspProcess {
  readonly proc: ChildProcessWithoutNullStreams;
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();
  /** Requests and notifications from the server, in order. */
  readonly received: { method: string; params: unknown }[] = [];
  private readonly waiters: { method: string; resolve: (params: unknown) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], options: { shell?: boolean } = {}) {
    this.proc = spawn(command, args, { stdio: 'pipe', shell: options.shell ?? false });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const p of this.pending.values()) {
        p.reject(new Error(`the server exited; stderr:\n${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  /** Answers the server's requests of `method` with `handler(params)`. */
  onRequest(method: string, handler: Handler): void {
    this.handlers.set(method, handler);
  }

  request(method: string, params?: unknown): Promise<unknown> {
    const id = this.nextId++;
    const promise = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    return promise;
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** The next message from the server with this method (or one already received, if `past`). */
  waitFor(method: string): Promise<unknown> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      const header = this.buffer.subarray(0, end).toString('ascii');
      const m = /Content-Length: *(\d+)/i.exec(header);
      if (!m) {
        throw new Error(`bad header from the server: ${header}`);
      }
      const length = Number(m[1]);
      if (this.buffer.length < end + 4 + length) {
        return;
      }
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(JSON.parse(body) as Record<string, unknown>);
    }
  }

  private dispatch(msg: Record<string, unknown>): void {
    if (typeof msg.method === 'string') {
      this.received.push({ method: msg.method, params: msg.params });
      const i = this.waiters.findIndex((w) => w.method === msg.method);
      if (i >= 0) {
        this.waiters.splice(i, 1)[0].resolve(msg.params);
      }
      if (msg.id !== undefined) {
        const handler = this.handlers.get(msg.method);
        this.send({ jsonrpc: '2.0', id: msg.id, result: handler ? (handler(msg.params) ?? null) : null });
      }
      return;
    }
    const p = this.pending.get(msg.id as number);
    if (p === undefined) {
      return;
    }
    this.pending.delete(msg.id as number);
    const error = msg.error as ResponseErrorShape | undefined;
    if (error !== undefined) {
      p.reject(new RpcError(error.code, error.message));
    } else {
      p.resolve(msg.result);
    }
  }
}

/** Resolves with `promise`, or rejects after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
