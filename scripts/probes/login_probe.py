"""Six sign-ins to one account, each with a new X-Forwarded-For; print the status codes.

python login_probe.py http://127.0.0.1:8765 member@x RIGHT_PASSWORD
"""

import http.cookiejar
import re
import sys
import urllib.error
import urllib.request

BASE, EMAIL, PASSWORD = sys.argv[1:4]
codes = []
for attempt in range(7):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar),
        type(
            "NoRedirect",
            (urllib.request.HTTPRedirectHandler,),
            {"redirect_request": lambda *a: None},
        )(),
    )
    page = opener.open(f"{BASE}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    password = PASSWORD if attempt >= 5 else f"wrong-{attempt}"
    data = f"csrfmiddlewaretoken={token}&username={EMAIL}&password={password}".encode()
    request = urllib.request.Request(
        f"{BASE}/accounts/login/",
        data,
        headers={"Referer": BASE, "X-Forwarded-For": f"203.0.113.{attempt}"},
    )
    try:
        codes.append(opener.open(request).status)
    except urllib.error.HTTPError as error:
        codes.append(error.code)
print(" ".join(map(str, codes)))
