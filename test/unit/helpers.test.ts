// Money, time and cloud-init helpers: exact conversions, and refusal of what cannot be represented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LogLineDecoder,
  ValidationError,
  alignToHour,
  centsToDollarString,
  centsToDollars,
  decodeCloudInit,
  decodeCloudInitBytes,
  decodeLogLines,
  dollarStringToCents,
  dollarsToCents,
  encodeCloudInit,
  fromUnixSeconds,
  hours,
  roundToPriceTick,
  toDollarString,
  toUnixSeconds,
} from '../../src/index.js';
import { priceTickMicros } from '../../src/helpers/money.js';

function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('money', () => {
  it.each<[string | number, number]>([
    ['16.00', 1600],
    ['16', 1600],
    [16, 1600],
    [2.5, 250],
    [0.29, 29],
    ['0.070000', 7],
    [' 3.1 ', 310],
    [0, 0],
  ])('dollarsToCents(%j) = %i', (dollars, cents) => {
    expect(dollarsToCents(dollars)).toBe(cents);
  });

  it.each<[unknown, RegExp]>([
    [Number.NaN, /finite amount/],
    [-1, /finite amount/],
    ['-1.00', /decimal amount/],
    ['1e3', /decimal amount/],
    ['1,000.00', /decimal amount/],
    [0.1 + 0.2, /whole number of cents/],
    ['16.005', /whole number of cents/],
    [1e21, /less than 1e21/],
    [5e-7, /whole number of cents/],
    ['90071992547409.92', /at most 9007199254740991/],
    [null, /a number or a decimal string/],
  ])('dollarsToCents(%j) is refused', (dollars, rule) => {
    expect(refusal(() => dollarsToCents(dollars as number)).message).toMatch(rule);
  });

  it('converts cents and v2 strings both ways', () => {
    expect(centsToDollars(1600)).toBe('16.00');
    expect(centsToDollars(5)).toBe('0.05');
    expect(centsToDollarString(1600)).toBe('16.000000');
    expect(toDollarString(2.5)).toBe('2.500000');
    expect(toDollarString('3.00006')).toBe('3.000060');
    expect(dollarStringToCents('2.500000')).toBe(250);
    expect(refusal(() => toDollarString('0.0000001')).message).toMatch(/millionths/);
    expect(refusal(() => dollarStringToCents('2.500060')).message).toMatch(/whole number of cents/);
    expect(refusal(() => centsToDollars(1.5)).issues[0]).toMatchObject({ path: '/cents' });
  });

  it('rounds to the $0.000060 price tick like the API', () => {
    expect(roundToPriceTick('2.500000')).toBe('2.500020');
    expect(roundToPriceTick(1)).toBe('1.000020');
    expect(roundToPriceTick('0.000030')).toBe('0.000060');
    expect(roundToPriceTick('0.000029')).toBe('0.000000');
    expect(roundToPriceTick('3.000060')).toBe('3.000060');
    expect(roundToPriceTick('2.5000001')).toBe('2.500020');
    expect(roundToPriceTick('0.00003')).toBe('0.000060');
    expect(roundToPriceTick('0.0000299999')).toBe('0.000000');
  });

  it('never drifts: cents → dollars → cents, and micro-dollars → string → cents/ticks, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        expect(dollarsToCents(centsToDollars(cents))).toBe(cents);
        expect(dollarStringToCents(centsToDollarString(cents))).toBe(cents);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (micros) => {
        const text = `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`;
        expect(toDollarString(text)).toBe(text);
        const ticked = roundToPriceTick(text);
        const tickedMicros = BigInt(ticked.replace('.', ''));
        expect(tickedMicros % 60n).toBe(0n);
        expect(tickedMicros - micros <= 30n && micros - tickedMicros < 30n).toBe(true);
      }),
    );
  });

  it('reads a price string as roundToPriceTick does, in millionths, or undefined where it throws (what the cost limit counts)', () => {
    const asRounded = (text: string) => {
      try {
        return BigInt(roundToPriceTick(text).replace('.', ''));
      } catch {
        return undefined;
      }
    };
    const decimal = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.stringMatching(/^\d{0,14}$/));
    const text = fc.oneof(
      decimal.map(([whole, fraction]) => (fraction === '' ? `${whole}` : `${whole}.${fraction}`)),
      decimal.map(([whole, fraction]) => ` ${whole}.${fraction}0 `),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(text, (price) => {
        expect(priceTickMicros(price)).toBe(asRounded(price));
      }),
    );
    expect(priceTickMicros('2.500000')).toBe(2_500_020n);
    expect(['-1', '1e3', '2.5000000000001', '', '$2'].map(priceTickMicros)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('time', () => {
  const at1320 = '2026-11-22T13:20:00Z';
  const h13 = Date.parse('2026-11-22T13:00:00Z') / 1000;

  it('aligns a Date, an ISO string or Unix seconds to the hour, up by default', () => {
    expect(alignToHour(at1320)).toBe(h13 + 3600);
    expect(alignToHour(new Date(at1320), 'down')).toBe(h13);
    expect(alignToHour(h13 + 1)).toBe(h13 + 3600);
    expect(alignToHour(h13)).toBe(h13);
    expect(alignToHour('2026-11-22T14:20:00+01:00', 'down')).toBe(h13);
    expect(toUnixSeconds(new Date(0))).toBe(0);
  });

  it('never rounds up to an earlier time, and needs no machine time zone', () => {
    expect(alignToHour('2026-11-22T13:00:00.500Z')).toBe(h13 + 3600);
    expect(alignToHour('2026-11-22')).toBe(Date.parse('2026-11-22T00:00:00Z') / 1000);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['2026-11-22T13:00:00', '2026-02-30', '2026-11-22T25:00:00Z', 'Sun, 22 Nov 2026 13:00:00 GMT']) {
      expect(refusal(() => toUnixSeconds(bad)).issues[0]!.path).toBe('/time');
    }
    expect(refusal(() => alignToHour(Date.now())).message).toMatch(/looks like milliseconds/);
    expect(refusal(() => toUnixSeconds('tomorrow')).issues[0]).toMatchObject({ path: '/time', value: 'tomorrow' });
    expect(refusal(() => toUnixSeconds(new Date('nope'))).issues[0]!.path).toBe('/time');
    expect(refusal(() => toUnixSeconds(1.5)).issues[0]!.path).toBe('/time');
    expect(refusal(() => alignToHour(0, 'nearest' as never)).issues[0]!.path).toBe('/direction');
  });

  it('hours(n) is n × 3600 for whole n ≥ 1', () => {
    expect([hours(1), hours(2), hours(24)]).toEqual([3600, 7200, 86_400]);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(refusal(() => hours(bad)).issues[0]!.path).toBe('/hours');
  });
});

describe('fromUnixSeconds', () => {
  it('turns the API seconds into a Date, and back', () => {
    expect(fromUnixSeconds(1795352400).toISOString()).toBe('2026-11-22T13:00:00.000Z');
    expect(fromUnixSeconds(0).getTime()).toBe(0);
    fc.assert(fc.property(fc.integer({ min: -1e10, max: 1e10 }), (seconds) => toUnixSeconds(fromUnixSeconds(seconds)) === seconds));
  });

  it.each([
    [1795352400000, 'whole Unix seconds (this looks like milliseconds: divide by 1000)'],
    [1.5, 'whole Unix seconds'],
    [Number.NaN, 'whole Unix seconds'],
    ['1795352400', 'whole Unix seconds'],
  ])('refuses %j: %s', (value, rule) => {
    expect(refusal(() => fromUnixSeconds(value as number)).issues).toEqual([{ path: '/time', rule, value }]);
  });
});

describe('cloud-init', () => {
  it('encodes UTF-8 text and bytes to base64 and back', () => {
    const script = '#cloud-config\nruncmd:\n  - echo "héllo ☃ 🚀"\n';
    const encoded = encodeCloudInit(script);
    expect(encoded).toBe(Buffer.from(script, 'utf8').toString('base64'));
    expect(decodeCloudInit(encoded)).toBe(script);
    expect(decodeCloudInitBytes(encodeCloudInit(new Uint8Array([0, 255, 128])))).toEqual(new Uint8Array([0, 255, 128]));
  });

  it('round-trips any text and any bytes, large ones included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(decodeCloudInit(encodeCloudInit(text))).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeCloudInitBytes(encodeCloudInit(bytes))).toEqual(bytes);
      }),
    );
    const big = 'x'.repeat(200_000);
    expect(decodeCloudInit(encodeCloudInit(big))).toBe(big);
  });

  it('refuses what is not base64 or not UTF-8', () => {
    expect(refusal(() => decodeCloudInit('not base64!')).issues[0]!.path).toBe('/cloud_init_user_data');
    expect(refusal(() => decodeCloudInit('//79')).message).toMatch(/UTF-8/);
    expect(refusal(() => encodeCloudInit(42 as never)).issues[0]!.path).toBe('/script');
  });
});

describe('log lines', () => {
  const bytes = (text: string) => [...new TextEncoder().encode(text)];
  /** Decodes `pieces` as consecutive chunks. */
  const decode = (...pieces: string[]) => decodeLogLines(pieces.map((text, seqnum) => ({ seqnum, data: bytes(text) })));

  it.each([
    [['a\nb\r\nc'], ['a', 'b', 'c']],
    [['50%\r100%\rdone\n'], ['50%', '100%', 'done']],
    [
      ['a\r', '\nb'],
      ['a', 'b'],
    ],
    [
      ['a\r', '', '\nb'],
      ['a', 'b'],
    ],
    [
      ['a\r', 'b'],
      ['a', 'b'],
    ],
    [['a\r\rb'], ['a', '', 'b']],
    [['a\n\rb'], ['a', '', 'b']],
    [['a\r'], ['a']],
    [['a', 'b', 'c'], ['abc']],
  ])('%j decodes to %j: a lone \\r ends a line, and \\r\\n split across chunks is one line end', (pieces, lines) => {
    expect(decode(...pieces)).toEqual(lines);
  });

  it('gives the same lines however the bytes are cut into chunks', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '☃', '\r', '\n', ' '), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(200), { maxLength: 8 }), (whole, cuts) => {
        const all = bytes(whole);
        const at = [...new Set(cuts.map((cut) => cut % (all.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((start, i) => ({ seqnum: i, data: all.slice(start, [...at, all.length][i]) }));
        const expected = whole.split(/\r\n|\r|\n/);
        if (expected.at(-1) === '') expected.pop();
        expect(decodeLogLines(chunks)).toEqual(expected);
      }),
    );
  });

  it('looks at each byte a bounded number of times: a 300 KB line in 1 KB chunks is scanned once, not once per chunk', () => {
    const chunk = { data: bytes('x'.repeat(1023) + ' ') };
    const split = RegExp.prototype[Symbol.split];
    let scanned = 0;
    RegExp.prototype[Symbol.split] = function (this: RegExp, text: string, limit?: number) {
      scanned += text.length;
      return split.call(this, text, limit);
    };
    const lines: string[] = [];
    try {
      const decoder = new LogLineDecoder();
      for (let i = 0; i < 300; i++) lines.push(...decoder.push(chunk));
      lines.push(...decoder.push({ data: bytes('\n') }), ...decoder.end());
    } finally {
      RegExp.prototype[Symbol.split] = split;
    }
    expect(scanned).toBeLessThanOrEqual(300 * 1024 + 1);
    expect(lines).toEqual(['x'.repeat(1023).concat(' ').repeat(300)]);
  });
});
