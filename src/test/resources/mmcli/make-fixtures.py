#!/usr/bin/env python3
"""Writes the modem-*.txt fixtures the way ModemManager 1.20's cli/mmcli-output.c dump_output_keyvalue() prints
them: items in field_infos[] order, every key padded (and cut) to the longest, where a list of n>0 values counts
len(key) + len(".value") + 3 (+1 per extra digit of n); single values g_strescape'd, none as "--"; lists as
KEY.length and KEY.value[i], an empty list as "KEY : --". Run it in this folder."""


def g_strescape(s):
    out = ""
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '\\"':
            out += "\\" + c
        elif c == "\n":
            out += "\\n"
        elif c == "\t":
            out += "\\t"
        elif c == "\r":
            out += "\\r"
        elif b < 0x20 or b >= 0x7f:
            out += "\\%03o" % b
        else:
            out += c
    return out


def dump(items):
    longest = 0
    for k, v in items:
        length = len(k)
        if isinstance(v, list) and v:
            length += len(".value") + 3
            n = len(v)
            while n // 10 > 0:
                n //= 10
                length += 1
        longest = max(longest, length)

    def fmt(k, v):
        return "%-*.*s : %s" % (longest, longest, k, v)

    lines = []
    for k, v in items:
        if isinstance(v, list):
            if v:
                lines.append(fmt(k + ".length", len(v)))
                for i, x in enumerate(v):
                    lines.append(fmt("%s.value[%d]" % (k, i + 1), g_strescape(x)))
            else:
                lines.append(fmt(k, "--"))
        else:
            lines.append(fmt(k, "--" if v is None else g_strescape(v)))
    return "\n".join(lines) + "\n"


DOCOMO = [
    ("modem.dbus-path", "/org/freedesktop/ModemManager1/Modem/0"),
    ("modem.generic.device-identifier", "8a4bc1e6b0f0b0a1c1d0e2f7a9b3c4d5e6f70812"),
    ("modem.generic.manufacturer", "SIMCOM INCORPORATED"),
    ("modem.generic.model", "SIMCOM_SIM5320J"),
    ("modem.generic.revision", "SIM5320J_V1.5"),
    ("modem.generic.carrier-configuration", None),
    ("modem.generic.carrier-configuration-revision", None),
    ("modem.generic.hardware-revision", None),
    ("modem.generic.supported-capabilities", ["gsm-umts"]),
    ("modem.generic.current-capabilities", ["gsm-umts"]),
    ("modem.generic.equipment-identifier", "359998040000001"),
    ("modem.generic.device", "/sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"),
    ("modem.generic.physdev", "/sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3"),
    ("modem.generic.drivers", ["option"]),
    ("modem.generic.plugin", "simtech"),
    ("modem.generic.primary-port", "ttyUSB2"),
    ("modem.generic.ports", ["ttyUSB0 (qcdm)", "ttyUSB1 (gps)", "ttyUSB2 (at)", "ttyUSB3 (at)"]),
    ("modem.generic.own-numbers", []),
    ("modem.generic.unlock-required", "sim-pin2"),
    ("modem.generic.unlock-retries", ["sim-pin (3)", "sim-puk (10)"]),
    ("modem.generic.state", "connected"),
    ("modem.generic.state-failed-reason", None),
    ("modem.generic.power-state", "on"),
    ("modem.generic.access-technologies", ["hsdpa", "hsupa"]),
    ("modem.generic.signal-quality.value", "58"),
    ("modem.generic.signal-quality.recent", "yes"),
    ("modem.generic.supported-modes", ["allowed: 2g; preferred: none", "allowed: 3g; preferred: none",
                                       "allowed: 2g, 3g; preferred: none"]),
    ("modem.generic.current-modes", "allowed: 2g, 3g; preferred: none"),
    ("modem.generic.supported-bands", ["utran-1", "utran-6", "utran-19"]),
    ("modem.generic.current-bands", ["utran-1", "utran-6", "utran-19"]),
    ("modem.generic.supported-ip-families", ["ipv4", "ipv6", "ipv4v6"]),
    ("modem.3gpp.imei", "359998040000001"),
    ("modem.3gpp.enabled-locks", ["fixed-dialing"]),
    ("modem.3gpp.operator-code", "44010"),
    ("modem.3gpp.operator-name", "NTT DOCOMO"),
    ("modem.3gpp.registration-state", "home"),
    ("modem.3gpp.packet-service-state", "attached"),
    ("modem.3gpp.pco", None),
    ("modem.generic.sim", "/org/freedesktop/ModemManager1/SIM/0"),
    ("modem.generic.primary-sim-slot", None),
    ("modem.generic.sim-slots", []),
    ("modem.generic.bearers", ["/org/freedesktop/ModemManager1/Bearer/0"]),
]


def variant(**changes):
    fields = dict(DOCOMO)
    for key, value in changes.items():
        fields[key.replace("__", ".").replace("_", "-")] = value
    return list(fields.items())


open("modem-connected-docomo.txt", "w").write(dump(DOCOMO))
open("modem-searching.txt", "w").write(dump(variant(
    modem__generic__state="searching", modem__generic__access_technologies=[],
    modem__generic__signal_quality__value="0", modem__generic__signal_quality__recent="no",
    modem__3gpp__operator_code=None, modem__3gpp__operator_name=None,
    modem__3gpp__registration_state="searching")))
open("modem-operator-escaped.txt", "w").write(dump(variant(
    modem__3gpp__operator_code="44020", modem__3gpp__operator_name="ソフトバンク \"SB\"",
    modem__generic__access_technologies=["umts"], modem__generic__signal_quality__value="100")))
