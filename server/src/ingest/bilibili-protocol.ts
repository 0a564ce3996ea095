/**
 * The bilibili live open-platform long connection (开放平台长连), as its public documentation and
 * the open-source clients describe it:
 *
 * - every packet starts with a 16-byte big-endian header: packet length (uint32, header
 *   included), header length (uint16, always 16), protocol version (uint16: 0 JSON, 1 heartbeat
 *   body as an int, 2 zlib, 3 brotli), operation (uint32: 2 heartbeat, 3 heartbeat reply,
 *   5 message, 7 auth, 8 auth reply) and sequence (uint32);
 * - a compressed body (version 2 or 3) holds several whole packets, one after another;
 * - the client authenticates with op 7 carrying the `auth_body` that the app-start call
 *   returned, the server answers op 8 `{"code":0}`; the client sends op 2 every 20–30 s.
 *
 * The app-start HTTP call (`POST /v2/app/start`) is signed: `x-bili-*` headers sorted by name,
 * joined as `name:value` lines, HMAC-SHA256 with the access key secret into `Authorization`.
 * No I/O here: the adapter (bilibili-adapter.ts) and the tests' fake room share these.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, inflateSync } from 'node:zlib';

export const HEADER_LENGTH = 16;

export const Op = {
  heartbeat: 2,
  heartbeatReply: 3,
  message: 5,
  auth: 7,
  authReply: 8,
} as const;

export const Protover = { json: 0, int: 1, zlib: 2, brotli: 3 } as const;

export interface Packet {
  protover: number;
  op: number;
  seq: number;
  body: Buffer;
}

/** One packet: header and body (the body compressed when `protover` is 2 or 3). */
export function encodePacket(op: number, body: string | Buffer | object, protover = 0, seq = 1): Buffer {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const payload =
    protover === Protover.zlib
      ? deflateSync(raw)
      : protover === Protover.brotli
        ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : raw;
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt32BE(HEADER_LENGTH + payload.length, 0);
  header.writeUInt16BE(HEADER_LENGTH, 4);
  header.writeUInt16BE(protover, 6);
  header.writeUInt32BE(op, 8);
  header.writeUInt32BE(seq, 12);
  return Buffer.concat([header, payload]);
}

/** Several op-5 messages in one compressed packet (what the platform sends under load). */
export function encodeCompressed(messages: readonly object[], protover: 2 | 3): Buffer {
  const inner = Buffer.concat(messages.map((m) => encodePacket(Op.message, m, Protover.json)));
  return encodePacket(Op.message, inner, protover);
}

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/**
 * Every packet in a frame, compressed bodies opened (recursively: a compressed body is itself a
 * run of packets). A short or inconsistent header is a `ProtocolError`.
 */
export function decodePackets(frame: Buffer, depth = 0): Packet[] {
  const out: Packet[] = [];
  let offset = 0;
  while (offset < frame.length) {
    if (frame.length - offset < HEADER_LENGTH) throw new ProtocolError('truncated packet header');
    const length = frame.readUInt32BE(offset);
    const headerLength = frame.readUInt16BE(offset + 4);
    const protover = frame.readUInt16BE(offset + 6);
    const op = frame.readUInt32BE(offset + 8);
    const seq = frame.readUInt32BE(offset + 12);
    if (headerLength < HEADER_LENGTH || length < headerLength || offset + length > frame.length) {
      throw new ProtocolError(`bad packet length ${length} (header ${headerLength})`);
    }
    const body = frame.subarray(offset + headerLength, offset + length);
    offset += length;
    if (op === Op.message && (protover === Protover.zlib || protover === Protover.brotli)) {
      if (depth > 2) throw new ProtocolError('compressed packets nested too deep');
      const opened = protover === Protover.zlib ? inflateSync(body) : brotliDecompressSync(body);
      out.push(...decodePackets(opened, depth + 1));
    } else {
      out.push({ protover, op, seq, body });
    }
  }
  return out;
}

/** The JSON body of a packet, or undefined when it is not JSON. */
export function jsonBody(p: Packet): unknown {
  try {
    return JSON.parse(p.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The signed headers of an open-platform HTTP call (`x-bili-*` and `Authorization`). */
export function signedHeaders(
  accessKeyId: string,
  accessKeySecret: string,
  body: string,
  nowSeconds: number,
  nonce = randomBytes(8).toString('hex'),
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-bili-accesskeyid': accessKeyId,
    'x-bili-content-md5': createHash('md5').update(body).digest('hex'),
    'x-bili-signature-method': 'HMAC-SHA256',
    'x-bili-signature-nonce': nonce,
    'x-bili-signature-version': '1.0',
    'x-bili-timestamp': String(nowSeconds),
  };
  return {
    ...headers,
    Authorization: openPlatformSignature(headers, accessKeySecret),
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };
}

/** HMAC-SHA256 over the `x-bili-*` headers sorted by name, one `name:value` per line. */
export function openPlatformSignature(headers: Record<string, string | string[] | undefined>, secret: string): string {
  const text = Object.keys(headers)
    .map((k) => k.toLowerCase())
    .filter((k) => k.startsWith('x-bili-'))
    .sort()
    .map((k) => {
      const v = headers[k] ?? headers[Object.keys(headers).find((h) => h.toLowerCase() === k) ?? ''];
      return `${k}:${Array.isArray(v) ? v.join(',') : (v ?? '')}`;
    })
    .join('\n');
  return createHmac('sha256', secret).update(text).digest('hex');
}
