"""Security headers, including a Content-Security-Policy that our pages satisfy."""

from flask import Flask, Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        # Stripe Checkout is reached by a redirect after a form POST.
        "form-action 'self' https://checkout.stripe.com",
    ]
)


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


def init_security(app: Flask) -> None:
    app.after_request(set_security_headers)
