"""Probe a running Qiao: can a member, or an operator, make the server fetch an inside address?

python probe.py http://127.0.0.1:8765 member@x operator@x PASSWORD
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.request

BASE, MEMBER, OPERATOR, PASSWORD = sys.argv[1:5]


def session(email):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = f"csrfmiddlewaretoken={token}&username={email}&password={PASSWORD}".encode()
    opener.open(urllib.request.Request(f"{BASE}/accounts/login/", data, headers={"Referer": BASE}))
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    return opener, csrf


def post(opener, csrf, url):
    body = json.dumps({"url": url}).encode()
    request = urllib.request.Request(
        f"{BASE}/api/news/articles/",
        body,
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": csrf,
            "Referer": BASE,
            "Accept-Language": "en",
        },
    )
    start = time.monotonic()
    try:
        response = opener.open(request)
        status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    return status, round(time.monotonic() - start, 3), text


for who in (MEMBER, OPERATOR):
    opener, csrf = session(who)
    for target in (
        "http://127.0.0.1:5432/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "file:///etc/passwd",
    ):
        status, seconds, text = post(opener, csrf, target)
        print(f"{who:24} {target:44} {status} {seconds:6.3f}s {text[:110]}")
