/** A tiny RESP2 client over net.Socket (loopback only), enough to send commands and read replies. */
import * as net from 'net';

export type Reply = string | number | null | Error | Reply[];

/** Parses one reply at `pos`; returns undefined when more bytes are needed. */
function parse(buf: Buffer, pos: number): { value: Reply; next: number } | undefined {
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('utf8', pos + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new Error(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { value: buf.toString('utf8', after, after + len), next: after + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: Reply[] = [];
      let p = after;
      for (let i = 0; i < count; i++) {
        const r = parse(buf, p);
        if (!r) return undefined;
        items.push(r.value);
        p = r.next;
      }
      return { value: items, next: p };
    }
    default:
      throw new Error(`unexpected RESP type ${JSON.stringify(type)}`);
  }
}

export class RespClient {
  private buf = Buffer.alloc(0);
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const r = parse(this.buf, 0);
        if (!r) break;
        this.buf = this.buf.subarray(r.next);
        this.waiting.shift()?.resolve(r.value);
      }
    });
    socket.on('error', (e) => this.waiting.splice(0).forEach((w) => w.reject(e)));
    socket.on('close', () => this.waiting.splice(0).forEach((w) => w.reject(new Error('connection closed'))));
  }

  static connect(port: number, timeoutMs = 2000): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port });
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error(`connect to 127.0.0.1:${port} timed out`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(new RespClient(s));
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  /** Sends one command; resolves with its reply (an Error object for `-ERR` replies, never a rejection). */
  command(...args: (string | number)[]): Promise<Reply> {
    const parts = args.map(String);
    const payload = `*${parts.length}\r\n` + parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('');
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no reply to ${parts[0]} within 5s`)), 5000);
      this.waiting.push({
        resolve: (r) => {
          clearTimeout(t);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
      this.socket.write(payload);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
