#!/usr/bin/python3
# notification-server.py: a desktop's notification server, recording.
#
#   notification-server.py gtk|freedesktop LOG
#
# Owns org.gtk.Notifications (what GNOME Shell serves, and what GLib's
# GNotification uses when its name has an owner) or
# org.freedesktop.Notifications (every other desktop's) on the session bus,
# and appends each call it gets to LOG as one JSON object per line:
#
#   {"call": "AddNotification", "app_id": ..., "id": ..., "notification": {...}}
#   {"call": "RemoveNotification", "app_id": ..., "id": ...}
#   {"call": "Notify", "app_name": ..., "summary": ..., "body": ...,
#    "actions": [...], "hints": {...}}
#
# Variants are unpacked to plain JSON values. Prints {"ready": true} on
# standard output once the name is owned; stops on SIGTERM.
#
# Copyright 2026 The BizMagic Mail Setup authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import signal
import sys

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

GTK_XML = """
<node>
  <interface name="org.gtk.Notifications">
    <method name="AddNotification">
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/>
    </method>
    <method name="RemoveNotification">
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
    </method>
  </interface>
</node>"""

FDO_XML = """
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/><arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
  </interface>
</node>"""


def plain(value):
    """A GLib.Variant, or what PyGObject made of one, as JSON."""
    if isinstance(value, GLib.Variant):
        return plain(value.unpack())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def main():
    kind, log_path = sys.argv[1], sys.argv[2]
    name, path, xml = {
        "gtk": ("org.gtk.Notifications", "/org/gtk/Notifications", GTK_XML),
        "freedesktop": ("org.freedesktop.Notifications", "/org/freedesktop/Notifications", FDO_XML),
    }[kind]
    interface = Gio.DBusNodeInfo.new_for_xml(xml).interfaces[0]
    log = open(log_path, "a", encoding="utf-8")
    loop = GLib.MainLoop()
    counter = [0]

    def record(entry):
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        log.flush()

    def method_call(connection, sender, object_path, interface_name, method, parameters, invocation):
        args = parameters.unpack()
        if method == "AddNotification":
            record({"call": method, "app_id": args[0], "id": args[1], "notification": plain(args[2])})
            invocation.return_value(None)
        elif method == "RemoveNotification":
            record({"call": method, "app_id": args[0], "id": args[1]})
            invocation.return_value(None)
        elif method == "Notify":
            counter[0] += 1
            record({"call": method, "app_name": args[0], "summary": args[3], "body": args[4],
                    "actions": plain(args[5]), "hints": plain(args[6])})
            invocation.return_value(GLib.Variant("(u)", (counter[0],)))
        elif method == "CloseNotification":
            record({"call": method, "id": args[0]})
            invocation.return_value(None)
        elif method == "GetCapabilities":
            invocation.return_value(GLib.Variant("(as)", (["body", "actions"],)))
        elif method == "GetServerInformation":
            invocation.return_value(GLib.Variant("(ssss)", ("test", "BizMagic tests", "1", "1.2")))

    def bus_acquired(connection, _name):
        connection.register_object(path, interface, method_call, None, None)

    def name_acquired(_connection, _name):
        print(json.dumps({"ready": True}), flush=True)

    def name_lost(_connection, _name):
        print(f"notification-server.py: {name} is owned by another", file=sys.stderr)
        loop.quit()

    Gio.bus_own_name(Gio.BusType.SESSION, name, Gio.BusNameOwnerFlags.DO_NOT_QUEUE,
                     bus_acquired, name_acquired, name_lost)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
