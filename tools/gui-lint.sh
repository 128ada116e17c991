#!/usr/bin/env bash
# Lints the ONOS GUI extension of the app (app/src/main/resources/{app/view,gui}):
#  - every JavaScript file parses as ES5 and passes ESLint with tools/eslint.config.cjs;
#  - every HTML fragment parses without errors (parse5) and closes every element it opens;
#  - every script and stylesheet named in gui/*/js.html and css.html exists.
# Node and npm come from the machine (Debian: apt-get install nodejs npm); ESLint and
# parse5, at the pinned versions below, are installed with npm into tools/.work/gui-lint.
# Exits non-zero on any problem.
set -euo pipefail

ESLINT_VERSION=9.39.1
PARSE5_VERSION=7.3.0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RES="$ROOT/app/src/main/resources"
WORK="$ROOT/tools/.work/gui-lint"
STAMP="$WORK/versions"
WANT="eslint@$ESLINT_VERSION parse5@$PARSE5_VERSION"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "gui-lint: installing node and npm with apt-get"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "gui-lint: node and npm are needed (apt-get install nodejs npm)" >&2
        exit 2
    fi
fi

if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    echo "gui-lint: installing $WANT into tools/.work/gui-lint"
    rm -rf "$WORK"
    mkdir -p "$WORK"
    echo '{"name":"taas-gui-lint","private":true}' > "$WORK/package.json"
    (cd "$WORK" && npm install --no-audit --no-fund --silent --save-exact \
        "eslint@$ESLINT_VERSION" "parse5@$PARSE5_VERSION")
    echo "$WANT" > "$STAMP"
fi

mapfile -t JS < <(find "$RES/app" "$RES/gui" -name '*.js' 2>/dev/null | sort)
mapfile -t HTML < <(find "$RES/app" "$RES/gui" -name '*.html' 2>/dev/null | sort)
if [ "${#JS[@]}" -eq 0 ] || [ "${#HTML[@]}" -eq 0 ]; then
    echo "gui-lint: no GUI files under $RES" >&2
    exit 1
fi

status=0

echo "gui-lint: eslint ${#JS[@]} JavaScript files"
if ! (cd "$ROOT" && "$WORK/node_modules/.bin/eslint" --no-config-lookup \
        --config tools/eslint.config.cjs --max-warnings 0 "${JS[@]}"); then
    status=1
fi

echo "gui-lint: parse ${#HTML[@]} HTML fragments"
if ! NODE_PATH="$WORK/node_modules" node - "$RES" "${HTML[@]}" <<'NODE'
'use strict';
const fs = require('fs');
const path = require('path');
const parse5 = require('parse5');

const [res, ...files] = process.argv.slice(2);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link',
    'meta', 'source', 'track', 'wbr']);
let problems = 0;

function report(file, line, msg) {
    problems++;
    console.error(`${path.relative(process.cwd(), file)}:${line}: ${msg}`);
}

function walk(node, visit) {
    visit(node);
    for (const child of node.childNodes || []) {
        walk(child, visit);
    }
    if (node.content) {
        walk(node.content, visit);
    }
}

for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const frag = parse5.parseFragment(text, {
        sourceCodeLocationInfo: true,
        onParseError: (e) => report(file, e.startLine, `HTML parse error: ${e.code}`)
    });
    walk(frag, (n) => {
        const loc = n.sourceCodeLocation;
        if (!n.tagName || !loc) {
            return; // text, comment, or an element the parser implied
        }
        if (!VOID.has(n.tagName) && !loc.endTag) {
            report(file, loc.startLine, `<${n.tagName}> is never closed`);
        }
        if (n.tagName === 'script' || n.tagName === 'link') {
            const attr = (n.attrs || []).find((a) => a.name === (n.tagName === 'script' ? 'src' : 'href'));
            if (!attr) {
                report(file, loc.startLine, `<${n.tagName}> names no file`);
            } else if (!fs.existsSync(path.join(res, attr.value))) {
                report(file, loc.startLine, `${attr.value} does not exist under ${res}`);
            }
        }
    });
}
if (problems) {
    console.error(`gui-lint: ${problems} HTML problem(s)`);
    process.exit(1);
}
NODE
then
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "gui-lint: OK"
fi
exit "$status"
