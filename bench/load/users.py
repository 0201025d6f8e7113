"""A simulated visitor: browses, searches, and now and then buys something (cart → checkout)."""

from __future__ import annotations

import html
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import requests

SEARCHES = (
    "kopi", "toraja", "coffee", "sutra", "silk", "sengkang", "songkok", "markisa", "sirup",
    "tenun", "kain", "phinisi", "kulit", "leather", "enrekang", "arabika", "bone", "makassar",
    "woven", "gift",
)  # fmt: skip
ADDRESS = {
    "country": "ID",
    "name": "Andi Beban",
    "phone": "+62 811 4000 123",
    "line1": "Jl. Somba Opu No. 45",
    "line2": "",
    "city": "Kota Makassar",
    "province": "73",
    "region": "",
    "postal_code": "90111",
    "currency": "IDR",
    "payment_method": "bank_transfer",
    "note": "",
}
#: How the checkout says the stock changed under the buyer (orders/cart.py, in English).
STOCK_CHANGES = ("is sold out and will be removed", "are left; your quantity becomes")
_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def inputs(page: str, name: str) -> list[dict[str, str]]:
    """The attributes of every <input name=...> on the page."""
    found = []
    for tag in _INPUT.findall(page):
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(tag)}
        if attrs.get("name") == name:
            found.append(attrs)
    return found


def value_of(page: str, name: str) -> str | None:
    found = inputs(page, name)
    return found[0].get("value") if found else None


def testid_text(page: str, testid: str) -> str | None:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', page, re.S)
    return html.unescape(re.sub(r"\s+", " ", match.group(1))).strip() if match else None


@dataclass
class Results:
    """What every user saw, shared by the threads (a lock around each change)."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    errors: list[str] = field(default_factory=list)
    told: list[dict] = field(default_factory=list)  #: orders the users were shown
    refused: list[dict] = field(default_factory=list)  #: honest "not enough stock" answers
    failed_checkouts: list[str] = field(default_factory=list)
    actions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label: str, seconds: float, status: int) -> None:
        with self.lock:
            self.timings[label].append(seconds)
            self.statuses[label][status] += 1
            if status >= 500:
                self.errors.append(f"{label}: HTTP {status}")


class Visitor:
    def __init__(self, base: str, email: str, password: str, catalog, results: Results,
                 *, think: tuple[float, float], seed: int):  # fmt: skip
        # One address, or several web nodes taken in turn as a round-robin load balancer would.
        self.bases = [base] if isinstance(base, str) else list(base)
        self.base = self.bases[0]
        self.turn = seed
        self.email = email
        self.password = password
        self.catalog = catalog
        self.results = results
        self.think = think
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.signed_in = False

    # --- plumbing ----------------------------------------------------------------------------

    def request(self, label: str, method: str, path: str, **kwargs) -> requests.Response | None:
        self.turn += 1
        base = self.bases[self.turn % len(self.bases)]
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, base + path, timeout=60, allow_redirects=False, **kwargs
            )
        except requests.RequestException as exc:
            with self.results.lock:
                self.results.errors.append(f"{label}: {type(exc).__name__}: {exc}")
            return None
        self.results.record(label, time.perf_counter() - started, response.status_code)
        return response

    def get(self, label: str, path: str):
        return self.request(label, "GET", path)

    def post(self, label: str, path: str, data: dict):
        return self.request(label, "POST", path, data=data)

    # --- behaviour ---------------------------------------------------------------------------

    def run(self, deadline: float) -> None:
        self.get("home", "/?lang=en")
        while time.monotonic() < deadline:
            roll = self.rng.random()
            if roll < 0.70:
                kind = "browse"
                self.browse()
            elif roll < 0.90:
                kind = "search"
                self.search()
            else:
                kind = "checkout"
                self.buy()
            with self.results.lock:
                self.results.actions[kind] += 1
            time.sleep(self.rng.uniform(*self.think))

    def browse(self) -> None:
        choice = self.rng.random()
        if choice < 0.45:
            _, slug = self.rng.choice(self.catalog.products)
            self.get("product", f"/p/{slug}")
        elif choice < 0.75:
            category = self.rng.choice(self.catalog.categories)
            page = self.rng.choice(("", "&page=2"))
            self.get("catalog", f"/catalog?category={category}{page}")
        elif choice < 0.90:
            self.get("enterprise", f"/e/{self.rng.choice(self.catalog.enterprises)}")
        else:
            self.get("home", "/")

    def search(self) -> None:
        terms = self.rng.sample(SEARCHES, k=self.rng.choice((1, 1, 2)))
        self.get("search", "/catalog?q=" + "+".join(terms))

    def sign_in(self) -> bool:
        page = self.get("sign_in_form", "/login?lang=en")
        if page is None or page.status_code != 200:
            return False
        done = self.post("sign_in", "/login", {
            "csrf_token": value_of(page.text, "csrf_token") or "",
            "email": self.email,
            "password": self.password,
        })  # fmt: skip
        self.signed_in = done is not None and done.status_code in (302, 303)
        return self.signed_in

    def buy(self) -> None:
        """One product into the cart, checkout, and note what the confirmation said."""
        if not self.signed_in and not self.sign_in():
            self.fail("could not sign in")
            return
        hot = self.catalog.hot and self.rng.random() < 0.5
        pid = (
            self.rng.choice(self.catalog.hot) if hot else self.rng.choice(self.catalog.products)[0]
        )
        slug = dict(self.catalog.products)[pid]
        quantity = self.rng.randint(1, 3)
        page = self.get("product", f"/p/{slug}")
        if page is None or page.status_code != 200:
            return
        if 'data-testid="sold-out"' in page.text:
            self.refuse(pid, quantity)
            return
        added = self.post("cart_add", "/cart/add", {
            "csrf_token": value_of(page.text, "csrf_token") or "",
            "product_id": str(pid), "quantity": str(quantity), "next": f"/p/{slug}",
        })  # fmt: skip
        if added is None or added.status_code not in (302, 303):
            self.fail(f"add to cart answered {getattr(added, 'status_code', None)}")
            return
        if not added.headers.get("Location", "").endswith("/cart"):
            self.refuse(pid, quantity)  # sent back to the product page: not enough left
            self.empty_cart()
            return
        self.checkout(pid, quantity)

    def checkout(self, pid: int, quantity: int) -> None:
        form = self.get("checkout_form", "/checkout")
        if form is not None and form.status_code in (302, 303):
            # "Your cart is empty": the product sold out between the cart and the checkout.
            self.refuse(pid, quantity)
            self.empty_cart()
            return
        if form is None or form.status_code != 200:
            self.fail(f"checkout form answered {getattr(form, 'status_code', None)}")
            return
        data = dict(ADDRESS)
        data["csrf_token"] = value_of(form.text, "csrf_token") or ""
        data["idempotency_key"] = value_of(form.text, "idempotency_key") or ""
        options = self.post("checkout_options", "/checkout", {**data, "action": "options"})
        if options is None or options.status_code != 200:
            self.fail(f"shipping options answered {getattr(options, 'status_code', None)}")
            return
        choices = inputs(options.text, "shipping")
        if not choices:
            self.fail("no shipping option offered for Makassar")
            return
        data["shipping"] = choices[0]["value"]
        placed = self.post("checkout_place", "/checkout", {**data, "action": "place"})
        if placed is None:
            return
        if placed.status_code in (302, 303) and "/orders/" in placed.headers.get("Location", ""):
            path = re.sub(r"^https?://[^/]+", "", placed.headers["Location"])
            order = self.get("order", path)
            if order is None or order.status_code != 200:
                self.fail("the order page did not open")
                return
            number = (testid_text(order.text, "order-number") or "").split()[-1]
            total = testid_text(order.text, "order-total")
            with self.results.lock:
                self.results.told.append(
                    {"number": number, "total": total, "items": [(pid, quantity)]}
                )
            return
        stock_changed = any(text in placed.text for text in STOCK_CHANGES)
        if placed.status_code == 409 and stock_changed:
            # Others bought the last units since this visitor filled the cart: the page says
            # so (the cart is updated). This visitor gives up rather than buy fewer.
            self.refuse(pid, quantity)
            self.empty_cart()
            return
        if placed.status_code == 422 and "Not enough stock" in placed.text:
            self.refuse(pid, quantity)
            self.empty_cart()
            return
        self.fail(
            f"checkout answered {placed.status_code}: {testid_text(placed.text, 'checkout-error')}"
        )
        self.empty_cart()

    def empty_cart(self) -> None:
        cart = self.get("cart", "/cart")
        if cart is None or cart.status_code != 200:
            return
        token = value_of(cart.text, "csrf_token") or ""
        for item_id in set(re.findall(r'action="/cart/items/(\d+)/remove"', cart.text)):
            self.post("cart_remove", f"/cart/items/{item_id}/remove", {"csrf_token": token})

    def refuse(self, pid: int, quantity: int) -> None:
        with self.results.lock:
            self.results.refused.append({"product": pid, "quantity": quantity})

    def fail(self, why: str) -> None:
        with self.results.lock:
            self.results.failed_checkouts.append(f"{self.email}: {why}")
