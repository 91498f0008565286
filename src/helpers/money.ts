// Prices without floating-point drift. The v1 node endpoints take whole cents per node-hour
// (integers); the v2 procurement endpoints take dollars per node-hour as decimal strings with six
// decimals ("2.500000"), which the API rounds to a multiple of $0.000060. Everything here works on
// the decimal digits (as integers or BigInt), never on binary fractions.
import { ValidationError } from '../errors/index.js';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** The v2 price grid, in millionths of a dollar: $0.000060. */
const TICK_MICROS = 60n;

/** Whole units and fraction digits of a plain decimal text (`2.5`, no sign or exponent); undefined for anything else. */
function decimalParts(text: string): { whole: bigint; fraction: string } | undefined {
  const match = DECIMAL.exec(text);
  return match ? { whole: BigInt(match[1]!), fraction: match[2] ?? '' } : undefined;
}

/** The amount as an integer count of 10^-`places` units; undefined when it has finer digits. */
function unitsOf({ whole, fraction }: { whole: bigint; fraction: string }, places: number): bigint | undefined {
  if (/[1-9]/.test(fraction.slice(places))) return undefined;
  return whole * 10n ** BigInt(places) + BigInt(fraction.slice(0, places).padEnd(places, '0'));
}

/**
 * Splits a non-negative amount into whole units and fraction digits, exactly. Numbers are read
 * through their shortest decimal form, so 0.1 is "0.1" and 0.1 + 0.2 is "0.30000000000000004".
 */
function digits(value: unknown, field: string): { whole: bigint; fraction: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw invalid(field, 'a finite amount, 0 or more', value);
    if (value >= 1e21) throw invalid(field, 'less than 1e21', value);
    // Small numbers print with an exponent (5e-7); write them out in full instead.
    text = String(value).includes('e') ? value.toFixed(20).replace(/0+$/, '') : String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw invalid(field, 'a number or a decimal string', value);
  }
  const parts = decimalParts(text);
  if (!parts) throw invalid(field, 'a decimal amount, 0 or more, such as "2.5" (no sign, exponent or separators)', value);
  return parts;
}

/** The amount as an integer count of 10^-`places` units; throws when it has finer digits. */
function scaled(value: unknown, field: string, places: number, unit: string): bigint {
  const units = unitsOf(digits(value, field), places);
  if (units === undefined) throw invalid(field, `a whole number of ${unit}`, value);
  return units;
}

/** Picodollars as the API rounds them: the nearest multiple of $0.000060 (halves round up), in millionths of a dollar. */
function tickMicros(picos: bigint): bigint {
  const tick = TICK_MICROS * 1_000_000n;
  return ((picos * 2n + tick) / (tick * 2n)) * TICK_MICROS;
}

function toSafeNumber(amount: bigint, field: string, value: unknown): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(field, 'at most 9007199254740991 once converted', value);
  return Number(amount);
}

function format(amount: bigint, places: number): string {
  const text = amount.toString().padStart(places + 1, '0');
  return `${text.slice(0, -places)}.${text.slice(-places)}`;
}

function invalid(field: string, rule: string, value: unknown): ValidationError {
  return new ValidationError([{ path: `/${field}`, rule, value }]);
}

function checkCents(cents: unknown): bigint {
  if (typeof cents !== 'number' || !Number.isSafeInteger(cents) || cents < 0) {
    throw invalid('cents', 'a whole number of cents, 0 or more', cents);
  }
  return BigInt(cents);
}

/**
 * Dollars to whole cents, for the v1 `max_price_per_node_hour` fields. Throws `ValidationError`
 * for NaN, negatives, and amounts with fractions of a cent (no silent rounding).
 * @example dollarsToCents('16.00') // 1600
 * @example dollarsToCents(2.5) // 250
 */
export function dollarsToCents(dollars: string | number): number {
  return toSafeNumber(scaled(dollars, 'dollars', 2, 'cents'), 'dollars', dollars);
}

/**
 * Whole cents to dollars with two decimals.
 * @example centsToDollars(1600) // '16.00'
 */
export function centsToDollars(cents: number): string {
  return format(checkCents(cents), 2);
}

/**
 * Dollars to the v2 price string (six decimals), for fields such as
 * `max_buy_price_dollars_per_node_hour`. Throws `ValidationError` for NaN, negatives, and amounts
 * finer than a millionth of a dollar. The API then rounds to a multiple of $0.000060; see
 * `roundToPriceTick` to know the price it will use.
 * @example toDollarString(2.5) // '2.500000'
 * @example toDollarString('3.00006') // '3.000060'
 */
export function toDollarString(dollars: string | number): string {
  return format(scaled(dollars, 'dollars', 6, 'millionths of a dollar'), 6);
}

/**
 * Whole cents (v1) to the v2 price string.
 * @example centsToDollarString(1600) // '16.000000'
 */
export function centsToDollarString(cents: number): string {
  return format(checkCents(cents) * 10_000n, 6);
}

/**
 * A v2 price string (or any dollar amount) to whole cents, refusing amounts with a fraction of a
 * cent (which have no exact v1 equivalent).
 * @example dollarStringToCents('2.500000') // 250
 */
export function dollarStringToCents(dollars: string): number {
  return dollarsToCents(dollars);
}

/**
 * The price the API will use for a v2 amount: the nearest multiple of $0.000060 (halves round
 * up), as a six-decimal string.
 * @example roundToPriceTick('2.500000') // '2.500020'
 * @example roundToPriceTick(1) // '1.000020'
 */
export function roundToPriceTick(dollars: string | number): string {
  // Read to 12 decimals (picodollars) so that an amount finer than the grid rounds as well.
  return format(tickMicros(scaled(dollars, 'dollars', 12, 'picodollars')), 6);
}

/**
 * What `roundToPriceTick` gives for a v2 price string, in millionths of a dollar, or undefined
 * where it would throw: the price the cost limit counts (validation/money-guards.ts).
 * @example priceTickMicros('2.500000') // 2500020n
 * @example priceTickMicros('-1') // undefined
 */
export function priceTickMicros(dollars: string): bigint | undefined {
  const parts = decimalParts(dollars.trim());
  const picos = parts && unitsOf(parts, 12);
  return picos === undefined ? undefined : tickMicros(picos);
}
