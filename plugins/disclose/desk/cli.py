"""`disclose desk`: start the review desk for the person at this workstation. Flask and the desk's
app are imported only when the command runs."""

from __future__ import annotations

import argparse

from ..approval import sshsig, statements
from ..approval.roster import Roster
from ..cli import argtypes
from ..cli.base import Site
from ..cli.registry import arg, command
from ..errors import DiscloseError

PROBE = b"disclose desk: who holds this key"


def identify(roster: Roster, key: str | None) -> str:
    """The roster person whose key signs (the key file, else the agent or git's signing key):
    the desk then acts as exactly the person who can sign."""
    try:
        signature = sshsig.sign(PROBE, statements.NAMESPACE, key)
        public = sshsig.verify(signature, PROBE, statements.NAMESPACE, roster.all_keys())
    except sshsig.SignatureError as exc:
        raise DiscloseError(f"无法用此密钥确认身份：{exc}。请用 --key 指定名册中登记的本人私钥，"
                            "或用 --as 指定名册中的人员标识（desk.identity）") from None
    found = roster.key_entry(public.blob)
    assert found is not None
    return found[0].id


@command("desk", help="审核台：在本机浏览器中查看待办、改动和检查问题，并签名作出决定", args=[
    arg("--as", dest="person", help="名册中的人员标识（默认按 --key 的密钥确定本人）"),
    arg("--key", help="本人的 SSH 私钥文件（默认 ssh-agent 或 git 的 user.signingkey）"),
    arg("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）"),
    arg("--port", type=argtypes.any_port, default=8765, help="端口（默认 8765；0 为任选空闲端口）"),
    arg("--trust", metavar="FILE",
        help="管理员公钥文件（信任锚，也可用环境变量 DISCLOSE_TRUST），用于核验名册和审核制度"),
    arg("--allow-remote", action="store_true", help="允许在非本机地址上监听（不建议）"),
])
def cmd_desk(args: argparse.Namespace) -> int:
    from werkzeug.serving import make_server

    from .app import Desk, create_app
    from .security import Guard

    site = Site(args.settings)
    a = site.settings.approval
    roster_path = site.content_root / a.roster
    roster = Roster.load(roster_path, str(roster_path))
    person = args.person or identify(roster, args.key)
    if roster.get(person) is None:
        raise DiscloseError(f"“{person}”不在审核人员名册（{a.roster}）中（approval.roster）")
    person = roster.get(person).id  # type: ignore[union-attr]
    if args.host not in ("127.0.0.1", "localhost", "::1") and not args.allow_remote:
        raise DiscloseError(f"审核台默认只在本机（127.0.0.1）监听；在 {args.host} 上监听须加 --allow-remote，"
                            "并自行确保该网络可信（desk.host）")
    guard = Guard(host=args.host)
    desk = Desk(site, person, args.key, args.trust)
    app = create_app(desk, guard)
    server = make_server(args.host, args.port, app, threaded=True)
    guard.bind(app, server.server_port)
    print(f"审核台已启动（{roster.get(person).name}），请在浏览器中打开：\n  {guard.url()}\n"  # type: ignore[union-attr]
          "该地址中的令牌只能使用一次；按 Ctrl+C 停止。", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.extensions["desk.preview"].close()
    return 0
