/**
 * Fast decimal-to-double for plain numeric text, read straight from the file bytes (ASCII) without making a
 * string: Clinger's fast path (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990, section 4): when the decimal
 * significand m has at most 15 digits (so m < 2^53 is exact) and the power of ten |e| <= 22 (10^e is exact in
 * binary64), m * 10^e or m / 10^-e is one correctly rounded IEEE operation on exact operands, hence the correctly
 * rounded value of the decimal, exactly what Number() returns. Anything else (more digits, larger exponents,
 * "nan", "inf", hex, junk, an empty field) returns NaN, and the caller falls back to Number() on the cell's text.
 */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

export function parseDecimalFast(bytes: Uint8Array, start: number, end: number): number {
  let s = start;
  let e = end;
  while (s < e && bytes[s] === 32) s++;
  while (e > s && bytes[e - 1] === 32) e--;
  if (s === e) return NaN;
  let i = s;
  let c = bytes[i];
  let neg = false;
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  let mant = 0;
  let sig = 0;
  let exp10 = 0;
  let anyDigit = false;
  for (; i < e; i++) {
    c = bytes[i];
    if (c < 48 || c > 57) break;
    anyDigit = true;
    if (sig > 0 || c !== 48) {
      if (++sig > 15) return NaN;
      mant = mant * 10 + (c - 48);
    }
  }
  if (i < e && c === 46) {
    for (i++; i < e; i++) {
      c = bytes[i];
      if (c < 48 || c > 57) break;
      anyDigit = true;
      exp10--;
      if (sig > 0 || c !== 48) {
        if (++sig > 15) return NaN;
        mant = mant * 10 + (c - 48);
      }
    }
  }
  if (!anyDigit) return NaN;
  if (i < e && (c === 101 || c === 69)) {
    i++;
    let eneg = false;
    if (i < e) {
      c = bytes[i];
      if (c === 45) {
        eneg = true;
        i++;
      } else if (c === 43) i++;
    }
    let ev = 0;
    let expDigits = 0;
    for (; i < e; i++) {
      c = bytes[i];
      if (c < 48 || c > 57) break;
      if (++expDigits > 5) return NaN;
      ev = ev * 10 + (c - 48);
    }
    if (expDigits === 0) return NaN;
    exp10 += eneg ? -ev : ev;
  }
  if (i !== e) return NaN;
  let v: number;
  if (mant === 0) v = 0;
  else if (exp10 === 0) v = mant;
  else if (exp10 > 0 && exp10 <= 22) v = mant * POW10[exp10];
  else if (exp10 < 0 && exp10 >= -22) v = mant / POW10[-exp10];
  else return NaN;
  return neg ? -v : v;
}
