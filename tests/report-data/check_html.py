"""Structural checks on an HTML report (tests/reports-html.sh).

usage: check_html.py REPORT [--no-script] [TEXT...]
TEXT: strings that must appear as text.
Fails (exit 1, messages on stdout) when page text got out of its text
nodes: any element or attribute the report does not write itself."""
import html.parser
import sys

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "main",
    "section", "div", "svg", "circle", "text", "rect", "b", "span", "table", "thead", "tbody",
    "tr", "th", "td", "a", "br", "code", "article", "ol", "ul", "li", "blockquote", "mark",
    "label", "input", "footer", "script", "nav",
}
problems = []


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []
        self.styles = 0
        self.in_script = False
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            problems.append("unexpected element <%s>" % tag)
        for name, value in attrs:
            if name.startswith("on"):
                problems.append("event handler attribute %s on <%s>" % (name, tag))
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                v = (value or "").strip().lower()
                if not (v.startswith("http://") or v.startswith("https://") or v.startswith("#")
                        or v.startswith("file://") or ":" not in v.split("/")[0]):
                    problems.append("unsafe URL %r in %s of <%s>" % (value, name, tag))
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        if tag == "style":
            self.styles += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


args = sys.argv[2:]
want_script = "--no-script" not in args
args = [a for a in args if a != "--no-script"]
raw = open(sys.argv[1], "rb").read()
try:
    doc = raw.decode("utf-8")
except UnicodeDecodeError as e:
    print("not valid UTF-8: %s" % e)
    sys.exit(1)
c = Checker()
c.feed(doc)
c.close()
if not want_script:
    if c.scripts:
        problems.append("expected no script, found %d" % len(c.scripts))
elif len(c.scripts) != 1 or not c.scripts[0].lstrip().startswith("(function(){"):
    problems.append("expected exactly our one script, found %d: %r" % (len(c.scripts), [s[:60] for s in c.scripts]))
if c.styles != 1:
    problems.append("expected one <style>, found %d" % c.styles)
text = "".join(c.text)
# the hostile strings must arrive as text, intact
for needle in args:
    if needle not in text:
        problems.append("text %r not shown" % needle)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
