#!/usr/bin/python3
"""bibcheck: checks sheaf's BibTeX exports with pybtex, for the shell tests.

  bibcheck.py agree FILE
      pybtex reads FILE (strict: any pybtex warning is an error) and must
      find exactly the entries, types, fields and values that sheaf wrote.
      What sheaf wrote is read from its fixed layout (one field a line,
      "  name = {value}," or "  name = macro,"), which is no BibTeX parser:
      two independent readings must agree. Names are compared as pybtex
      splits them against how they are written ("von Last, Jr, First").

  bibcheck.py roundtrip ORIGINAL EXPORT [--all-fields]
      Every entry of ORIGINAL (a third-party file, read by pybtex with its
      macros) is in EXPORT under the same key, with the same type and the
      same value in every field EXPORT has; with --all-fields, EXPORT must
      also have every field ORIGINAL has. Values are compared with white
      space collapsed, DOIs without case or resolver prefix, titles without
      the braces sheaf adds to keep capitals, names as pybtex splits them.

Prints what differs (at most 20 lines) and exits 1 on any difference.
"""
import re
import sys

import pybtex.errors
from pybtex.database import parse_file

pybtex.errors.set_strict_mode(True)

MONTHS = {'jan': 'January', 'feb': 'February', 'mar': 'March', 'apr': 'April', 'may': 'May',
          'jun': 'June', 'jul': 'July', 'aug': 'August', 'sep': 'September', 'oct': 'October',
          'nov': 'November', 'dec': 'December'}
PERSON_FIELDS = ('author', 'editor')

problems = []


def problem(msg):
    problems.append(msg)


def squeeze(s):
    return re.sub(r'\s+', ' ', s).strip()


def person_key(p):
    return tuple(squeeze(' '.join(x)) for x in
                 (p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names))


def split_names(value):
    """Splits a name list at ' and ' outside braces (as written by sheaf)."""
    out, depth, cur, i = [], 0, '', 0
    while i < len(value):
        c = value[i]
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
        if depth == 0 and value[i:i + 5].lower() == ' and ':
            out.append(cur)
            cur = ''
            i += 5
            continue
        cur += c
        i += 1
    out.append(cur)
    return out


def pybtex_entries(path, strict=True):
    # A third-party original may have flaws of its own (a field given
    # twice): pybtex keeps the first, as sheaf does.
    pybtex.errors.set_strict_mode(strict)
    data = parse_file(path, bib_format='bibtex')
    pybtex.errors.set_strict_mode(True)
    entries = {}
    for key, e in data.entries.items():
        fields = {k.lower(): str(v) for k, v in e.fields.items()}
        persons = {k.lower(): [person_key(p) for p in v] for k, v in e.persons.items()}
        entries[key] = (e.type.lower(), fields, persons)
    return list(data.entries.keys()), entries


def layout_entries(path):
    """sheaf's own layout: '@type{key,' then '  name = {value},' lines."""
    keys, entries, cur = [], {}, None
    head = re.compile(r'^@([a-z]+)\{([^,]*),$')
    braced = re.compile(r'^  ([A-Za-z][^ =]*) = \{(.*)\},$')
    bare = re.compile(r'^  ([A-Za-z][^ =]*) = ([a-z]+),$')
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            m = head.match(line)
            if m:
                cur = (m.group(1), {})
                keys.append(m.group(2))
                entries[m.group(2)] = cur
                continue
            if line == '}' or line == '':
                continue
            m = braced.match(line) or bare.match(line)
            if not m or cur is None:
                problem('%s:%d: not in sheaf\'s layout: %r' % (path, n, line[:60]))
                continue
            value = m.group(2)
            if m.re is bare:
                value = MONTHS.get(value, value)
            cur[1][m.group(1).lower()] = value
    return keys, entries


def agree(path):
    lkeys, written = layout_entries(path)
    pkeys, parsed = pybtex_entries(path)
    if lkeys != pkeys:
        problem('keys differ: written %d, pybtex read %d' % (len(lkeys), len(pkeys)))
    for key in lkeys:
        if key not in parsed:
            problem('%s: pybtex did not read it' % key)
            continue
        wtype, wfields = written[key]
        ptype, pfields, ppersons = parsed[key]
        if wtype != ptype:
            problem('%s: type %s, pybtex read %s' % (key, wtype, ptype))
        for name, value in wfields.items():
            if name in PERSON_FIELDS:
                from pybtex.database import Person
                want = [person_key(Person(n)) for n in split_names(value)]
                if ppersons.get(name) != want:
                    problem('%s: %s %r, pybtex read %r' % (key, name, want, ppersons.get(name)))
            elif pfields.get(name) != value:
                problem('%s: %s {%s}, pybtex read {%s}' % (key, name, value, pfields.get(name)))
        extra = set(pfields) - set(wfields)
        if extra:
            problem('%s: pybtex read fields sheaf did not write: %s' % (key, sorted(extra)))
    print('# %s: %d entries, both readings agree' % (path, len(lkeys))
          if not problems else '# %s: %d problems' % (path, len(problems)))


def roundtrip(orig, export, all_fields):
    okeys, o = pybtex_entries(orig, strict=False)
    ekeys, e = pybtex_entries(export)
    if sorted(okeys, key=str.lower) != sorted(ekeys, key=str.lower):
        problem('keys differ: %d in the original, %d exported' % (len(okeys), len(ekeys)))
    elower = {k.lower(): k for k in ekeys}
    for key in okeys:
        if key.lower() not in elower:
            problem('%s: not exported' % key)
            continue
        otype, ofields, opersons = o[key]
        etype, efields, epersons = e[elower[key.lower()]]
        if otype != etype:
            problem('%s: type %s exported as %s' % (key, otype, etype))
        for name in PERSON_FIELDS:
            if name in epersons and opersons.get(name) != epersons[name]:
                problem('%s: %s %r exported as %r' % (key, name, opersons.get(name), epersons[name]))
            if all_fields and name in opersons and name not in epersons:
                problem('%s: %s lost' % (key, name))
        for name, value in efields.items():
            if name not in ofields:
                problem('%s: field %s added' % (key, name))
                continue
            a, b = squeeze(ofields[name]), squeeze(value)
            if name == 'title':
                # sheaf braces the capitals of titles that have no braces
                # yet, so that styles keep their case: the words stay.
                a, b = a.replace('{', '').replace('}', ''), b.replace('{', '').replace('}', '')
            if name == 'doi':
                # sheaf keeps DOIs bare and in lower case (they are
                # case-blind); a resolver prefix is not part of one.
                a = re.sub(r'^(https?://(dx\.)?doi\.org/|doi:)', '', a, flags=re.I).lower()
                b = b.lower()
            if a != b:
                problem('%s: %s {%s} exported as {%s}' % (key, name, a, b))
        if all_fields:
            lost = [n for n, v in ofields.items() if n not in efields and squeeze(v)]
            if lost:
                problem('%s: fields lost: %s' % (key, lost))
    print('# %s -> %s: %d entries compared' % (orig, export, len(okeys)))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'agree':
        agree(sys.argv[2])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == 'roundtrip':
        roundtrip(sys.argv[2], sys.argv[3], sys.argv[4:] == ['--all-fields'])
    else:
        sys.exit(__doc__)
    for p in problems[:20]:
        print('# ' + p)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
