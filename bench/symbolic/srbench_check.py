#!/usr/bin/python3
"""SRBench's symbolic-solution test (La Cava et al. 2021, sec. 4): a model is a solution when, after rounding its
floats (here: nsimplify at relative tolerance 1e-6), truth - model or truth / model simplifies to a constant.
Reads JSON [{formula, expression, variables, sanitized}] on stdin, prints a JSON list of booleans (null = timeout).
Each check has a 15 s SymPy time limit."""
import json
import signal
import sys
import sympy as sp

FUN = {'exp': sp.exp, 'sqrt': sp.sqrt, 'pi': sp.pi, 'sin': sp.sin, 'cos': sp.cos, 'tan': sp.tan, 'tanh': sp.tanh,
       'arcsin': sp.asin, 'arccos': sp.acos, 'arctan': sp.atan, 'ln': sp.log, 'log': sp.log, 'Abs': sp.Abs, 'cot': sp.cot}


class Timeout(Exception):
    pass


def alarm(*_):
    raise Timeout()


signal.signal(signal.SIGALRM, alarm)


def round_floats(e):
    return e.xreplace({f: sp.nsimplify(f, rational=True, tolerance=1e-6 * max(1.0, abs(float(f)))) for f in e.atoms(sp.Float)})


def is_constant(e):
    e = sp.simplify(e)
    return len(e.free_symbols) == 0 and e.is_finite is not False and e != sp.nan and e != sp.zoo


out = []
for item in json.load(sys.stdin):
    try:
        signal.alarm(15)
        syms = {v: sp.Symbol(v, real=True) for v in item['variables']}
        # the truth's decimal constants (0.1, 0.075) are exact: as rationals, so that an exact model's difference is 0
        truth = round_floats(sp.sympify(item['formula'], locals={**FUN, **syms}))
        loc = {**FUN}
        for v, s in zip(item['variables'], item['sanitized']):
            loc[s] = syms[v]
        model = round_floats(sp.sympify(item['expression'], locals=loc))
        ok = is_constant(truth - model)
        if not ok and model != 0:
            ratio = sp.simplify(truth / model)
            ok = len(ratio.free_symbols) == 0 and ratio != 0 and ratio.is_finite is not False
        out.append(bool(ok))
    except Timeout:
        out.append(None)
    except Exception as e:  # unparseable model counts as not solved
        print(f"check failed for {item.get('expression')}: {e}", file=sys.stderr)
        out.append(False)
    finally:
        signal.alarm(0)
print(json.dumps(out))
