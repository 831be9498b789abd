import { connect, type Socket } from 'node:net';

export interface Answer {
  status: number;
  body: string;
}

export interface SenderOptions {
  method: string;
  headers: Record<string, string>;
  body: string;
  /** Requests in flight at once: one kept-alive connection each. */
  concurrency: number;
}

/**
 * Sends the same HTTP/1.1 request again and again over kept-alive connections, one request in
 * flight per connection, as load generators such as wrk do: the request's bytes are built once,
 * and an answer is read only as far as its status and its Content-Length body. On a 2-core machine
 * the load generator shares the CPU with Weft and PostgreSQL, and every cycle it spends is one they
 * do not get; node:http's client spent about three times as much per request.
 */
export function httpSender(url: string, options: SenderOptions): () => Promise<Answer> {
  const target = new URL(url);
  const head = [
    `${options.method} ${target.pathname}${target.search} HTTP/1.1`,
    `host: ${target.host}`,
    ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(options.body)}`,
  ];
  const request = Buffer.from(`${head.join('\r\n')}\r\n\r\n${options.body}`);
  const idle: Connection[] = [];
  return () => {
    let connection = idle.pop();
    // One the server closed while it was idle is dropped.
    while (connection !== undefined && !connection.reusable) connection = idle.pop();
    connection ??= new Connection(Number(target.port), target.hostname);
    return connection.send(request).then((answer) => {
      if (connection.reusable) idle.push(connection);
      return answer;
    });
  };
}

const HEAD_END = Buffer.from('\r\n\r\n');

class Connection {
  #socket: Socket;
  #received: Buffer = Buffer.alloc(0);
  #waiting: { resolve(answer: Answer): void; reject(error: Error): void } | undefined;
  reusable = true;

  constructor(port: number, host: string) {
    this.#socket = connect({ port, host, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('the connection closed before the answer came')));
  }

  send(request: Buffer): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(request);
    });
  }

  #read(chunk: Buffer) {
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk]);
    const headEnd = this.#received.indexOf(HEAD_END);
    if (headEnd === -1) return;
    const head = this.#received.toString('latin1', 0, headEnd);
    if (/\r\ntransfer-encoding:/i.test(head)) return this.#fail(new Error('a chunked answer: this sender reads Content-Length bodies only'));
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headEnd + HEAD_END.length + length;
    if (this.#received.length < end) return;
    const answer = { status: Number(head.slice(9, 12)), body: this.#received.toString('utf8', headEnd + HEAD_END.length, end) };
    this.#received = this.#received.subarray(end);
    if (/\r\nconnection:\s*close/i.test(head)) this.reusable = false;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve(answer);
  }

  #fail(error: Error) {
    this.reusable = false;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(error);
    this.#socket.destroy();
  }
}
