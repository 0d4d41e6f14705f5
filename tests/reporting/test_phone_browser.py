"""A 填报员 on a phone (390 px, as inside 企业微信 or 钉钉): the menu opens from its button, the
home page's rows are cards with their 填报 button in view, and a photo from the camera is attached."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.reporting.models import ProgressReport
from tests.web.test_browser import _log_in

pytestmark = pytest.mark.browser


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 90)).save(out, format="JPEG")
    return out.getvalue()


def test_a_reporter_on_a_phone_opens_the_menu_and_attaches_a_photo_from_the_camera(
    transactional_db: None, live_server: object, qingyang_report: ProgressReport, li: User, page: Page
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, str(live_server), li)
    mine = page.get_by_role("link", name="本单位填报")
    expect(mine).to_be_hidden()  # the navigation is folded away on a phone
    page.get_by_role("button", name="菜单").click()
    mine.click()
    card = page.get_by_test_id("owed").locator("tr", has_text="源容电气高性能电容器生产项目")
    button = card.get_by_role("link", name="填报")
    expect(button).to_be_in_viewport()
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= 390  # type: ignore[index]
    button.click()
    camera = page.get_by_text("拍照", exact=True)
    expect(camera).to_be_visible()
    page.locator("#id_camera").set_input_files(
        files=[{"name": "现场照片.jpg", "mimeType": "image/jpeg", "buffer": _photo()}]
    )
    expect(page.locator("label[for=id_camera]")).to_contain_text("已拍照")
    page.get_by_role("button", name="保存草稿并上传附件").click()
    expect(page.get_by_role("link", name="现场照片.jpg")).to_be_visible()
    assert qingyang_report.attachments.get().file_name == "现场照片.jpg"
