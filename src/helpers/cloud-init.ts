// cloud-init user data travels base64-encoded (`cloud_init_user_data`). These helpers convert a
// script to that form and back, with UTF-8 text, in every runtime that has btoa/atob.
import { ValidationError } from '../errors/index.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// btoa takes a "binary string"; building it in slices keeps String.fromCharCode's argument list short.
const SLICE = 0x8000;

/**
 * A cloud-init script (text, encoded as UTF-8, or raw bytes) as the base64 the API expects.
 * @example encodeCloudInit('#cloud-config\npackages: [htop]\n') // 'I2Nsb3VkLWNvbmZpZwpwYWNrYWdlczogW2h0b3BdCg=='
 */
export function encodeCloudInit(script: string | Uint8Array): string {
  let bytes: Uint8Array;
  if (typeof script === 'string') bytes = new TextEncoder().encode(script);
  else if (script instanceof Uint8Array) bytes = script;
  else throw new ValidationError([{ path: '/script', rule: 'a string or a Uint8Array', value: script }]);
  let binary = '';
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

/**
 * The bytes of base64 cloud-init user data.
 * @example decodeCloudInitBytes('aGk=') // Uint8Array [104, 105]
 */
export function decodeCloudInitBytes(base64: string): Uint8Array {
  if (typeof base64 !== 'string' || !BASE64.test(base64)) {
    throw new ValidationError([{ path: '/cloud_init_user_data', rule: 'base64 text (A–Z, a–z, 0–9, +, /, padded with =)', value: base64 }]);
  }
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The script in base64 cloud-init user data, as text. Throws `ValidationError` if it is not
 * base64 or not UTF-8 (use `decodeCloudInitBytes` for binary payloads).
 * @example decodeCloudInit('I2Nsb3VkLWNvbmZpZwo=') // '#cloud-config\n'
 */
export function decodeCloudInit(base64: string): string {
  const bytes = decodeCloudInitBytes(base64);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError([
      { path: '/cloud_init_user_data', rule: 'base64 of UTF-8 text (use decodeCloudInitBytes for binary data)', value: base64 },
    ]);
  }
}
