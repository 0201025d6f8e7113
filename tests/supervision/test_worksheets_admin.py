"""Admins publish new worksheet versions: copy, change weights, bands and cut-offs (bad input
refused with a message), publish (weights must total 100), confirm."""

import re

from sqlalchemy import select

from trading_house.extensions import db
from trading_house.supervision.models import WorksheetTemplate


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _v1():
    return db.session.scalar(
        select(WorksheetTemplate).where(
            WorksheetTemplate.kind == "kkpkk", WorksheetTemplate.version == 1
        )
    )


def test_admin_makes_edits_publishes_and_confirms_a_version(client, login, scene):
    login(scene.admin)
    v1 = _v1()
    page = client.get(f"/pengawasan/admin/kertas-kerja/{v1.id}").get_data(as_text=True)
    assert "to confirm" in page and "UU 25/1992" in page
    token = _token(page)
    made = client.post(f"/pengawasan/admin/kertas-kerja/{v1.id}/salin", data={"csrf_token": token})
    assert made.status_code == 302
    draft = db.session.scalar(select(WorksheetTemplate).where(WorksheetTemplate.version == 2))
    items = {item.code: item for item in draft.items}
    npl, voluntary = items["pr.npl"], items["tk.voluntary"]
    url = f"/pengawasan/admin/kertas-kerja/{draft.id}/butir/{npl.id}"
    prefix = f"i{npl.id}-"
    # Bands the wrong way round for "lower is better".
    wrong = client.post(
        url,
        data={
            "csrf_token": token,
            prefix + "weight": "5",
            prefix + "better": "lower",
            prefix + "limit_4": "0.10",
            prefix + "limit_3": "0.05",
            prefix + "limit_2": "0.02",
        },
    )
    assert wrong.status_code == 422
    assert "limits must go up" in wrong.get_data(as_text=True)
    text = client.post(
        url,
        data={
            "csrf_token": token,
            prefix + "weight": "5",
            prefix + "better": "lower",
            prefix + "limit_4": "lima",
            prefix + "limit_3": "0.05",
            prefix + "limit_2": "0.1",
        },
    )
    assert text.status_code == 422 and "must be a number" in text.get_data(as_text=True)
    ok = client.post(
        url,
        data={
            "csrf_token": token,
            prefix + "weight": "5",
            prefix + "better": "lower",
            prefix + "limit_4": "0,02",
            prefix + "limit_3": "0.05",
            prefix + "limit_2": "0.10",
        },
    )
    assert ok.status_code == 302
    # A weight change that breaks the total of 100 cannot be published.
    vp = f"i{voluntary.id}-"
    client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/butir/{voluntary.id}",
        data={"csrf_token": token, vp + "weight": "7"},
    )
    refused = client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/terbitkan",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "they must add up to 100" in refused.get_data(as_text=True)
    client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/butir/{voluntary.id}",
        data={"csrf_token": token, vp + "weight": "2"},
    )
    cut = client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/batas",
        data={"csrf_token": token, "sehat": "60", "cukup_sehat": "66", "dalam_pengawasan": "51"},
    )
    assert cut.status_code == 422 and "Cut-offs must fall" in cut.get_data(as_text=True)
    client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/batas",
        data={"csrf_token": token, "sehat": "85", "cukup_sehat": "70", "dalam_pengawasan": "55"},
    )
    published = client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/terbitkan",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "Version 2 is published." in published.get_data(as_text=True)
    confirmed = client.post(
        f"/pengawasan/admin/kertas-kerja/{draft.id}/konfirmasi",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "confirmed on" in confirmed.get_data(as_text=True)
    db.session.expire_all()
    v2 = db.session.get(WorksheetTemplate, draft.id)
    assert v2.is_published and v2.cutoffs == {
        "sehat": 85,
        "cukup_sehat": 70,
        "dalam_pengawasan": 55,
    }
    assert next(i for i in v2.items if i.code == "pr.npl").bands["limits"] == [
        "0.02",
        "0.05",
        "0.10",
    ]
    assert _v1().is_retired
    # A published version cannot be edited any more.
    late = client.post(url, data={"csrf_token": token, prefix + "weight": "9"})
    assert late.status_code == 422 and "Only a draft version" in late.get_data(as_text=True)


def test_only_admins_reach_worksheet_versions(client, login, scene):
    login(scene.examiner)
    assert client.get("/pengawasan/admin/kertas-kerja").status_code == 403
