package io.netsweep.service;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * SMB2 NEGOTIATE over direct TCP (port 445), offering dialects 2.0.2 to 3.0.2: the client's first message,
 * before any session setup, so nothing is authenticated and nothing is opened. Decodes the chosen dialect,
 * signing mode, server GUID and the mechanisms and hint of the SPNEGO token, as lines {@code smb.dialect=3.0.2},
 * {@code smb.signing=enabled|required}, {@code smb.guid=HEX}, {@code smb.mechs=ntlmssp kerberos negoex},
 * {@code smb.hint=...}.
 */
final class Smb2Negotiate implements CodedExchange {
    private static final byte[] PROTOCOL = {(byte) 0xfe, 'S', 'M', 'B'};
    private static final int[] DIALECTS = {0x0202, 0x0210, 0x0300, 0x0302};
    private static final byte[] NTLMSSP = HexFormat.of().parseHex("060a2b0601040182370202" + "0a");
    private static final byte[] NEGOEX = HexFormat.of().parseHex("060a2b0601040182370202" + "1e");
    private static final byte[] KERBEROS = HexFormat.of().parseHex("06092a864886f712010202");
    private static final byte[] MS_KERBEROS = HexFormat.of().parseHex("06092a864882f712010202");

    @Override
    public String name() {
        return "smb2-negotiate";
    }

    @Override
    public byte[] request() {
        ByteBuffer smb = ByteBuffer.allocate(64 + 36 + 2 * DIALECTS.length).order(ByteOrder.LITTLE_ENDIAN);
        smb.put(PROTOCOL).putShort((short) 64).putShort((short) 0).putInt(0).putShort((short) 0) // NEGOTIATE
                .putShort((short) 1).putInt(0).putInt(0).putLong(0).putInt(0).putInt(0).putLong(0).put(new byte[16]);
        smb.putShort((short) 36).putShort((short) DIALECTS.length).putShort((short) 1).putShort((short) 0).putInt(0)
                .put("netsweep-probe-1".getBytes(StandardCharsets.US_ASCII)).putLong(0);
        for (int d : DIALECTS) {
            smb.putShort((short) d);
        }
        byte[] body = smb.array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(body.length >> 16 & 0xff);
        out.write(body.length >> 8 & 0xff);
        out.write(body.length & 0xff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Override
    public Framing framing() {
        return (buffer, length) -> {
            if (length < 4) {
                return Framing.State.INCOMPLETE;
            }
            if (buffer[0] != 0) {
                return Framing.State.UNKNOWN;
            }
            int size = (buffer[1] & 0xff) << 16 | (buffer[2] & 0xff) << 8 | buffer[3] & 0xff;
            return length >= 4 + size ? Framing.State.COMPLETE : Framing.State.INCOMPLETE;
        };
    }

    @Override
    public Optional<String> decode(byte[] a) {
        int base = 4;
        if (a.length < base + 64 + 65 - 1 || a[0] != 0 || !startsWith(a, base, PROTOCOL)) {
            if (a.length >= base + 4 && a[base] == (byte) 0xff && a[base + 1] == 'S' && a[base + 2] == 'M' && a[base + 3] == 'B') {
                return Optional.of("smb.version=1\n");
            }
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder out = new StringBuilder();
        int status = b.getInt(base + 8);
        int command = b.getShort(base + 12) & 0xffff;
        out.append("smb.version=2\n");
        if (command != 0 || status != 0) {
            out.append("smb.status=").append(String.format("0x%08x", status)).append('\n');
            return Optional.of(out.toString());
        }
        int r = base + 64;
        int securityMode = b.getShort(r + 2) & 0xffff;
        int dialect = b.getShort(r + 4) & 0xffff;
        byte[] guid = new byte[16];
        b.get(r + 8, guid);
        out.append("smb.dialect=").append(dialect(dialect)).append('\n');
        out.append("smb.signing=").append((securityMode & 2) != 0 ? "required" : "enabled").append('\n');
        out.append("smb.guid=").append(HexFormat.of().formatHex(guid)).append('\n');
        int blobOffset = b.getShort(r + 56) & 0xffff;
        int blobLength = b.getShort(r + 58) & 0xffff;
        int start = base + blobOffset;
        if (blobLength > 0 && start >= base && start + blobLength <= a.length) {
            byte[] blob = java.util.Arrays.copyOfRange(a, start, start + blobLength);
            List<String> mechs = new ArrayList<>();
            if (contains(blob, NTLMSSP)) {
                mechs.add("ntlmssp");
            }
            if (contains(blob, KERBEROS) || contains(blob, MS_KERBEROS)) {
                mechs.add("kerberos");
            }
            if (contains(blob, NEGOEX)) {
                mechs.add("negoex");
            }
            if (!mechs.isEmpty()) {
                out.append("smb.mechs=").append(String.join(" ", mechs)).append('\n');
            }
            String text = new String(blob, StandardCharsets.ISO_8859_1);
            int hint = text.indexOf("not_defined_in_RFC4178@please_ignore");
            if (hint >= 0) {
                out.append("smb.hint=not_defined_in_RFC4178@please_ignore\n");
            }
        }
        return Optional.of(out.toString());
    }

    private static String dialect(int d) {
        return switch (d) {
            case 0x0202 -> "2.0.2";
            case 0x0210 -> "2.1";
            case 0x0300 -> "3.0";
            case 0x0302 -> "3.0.2";
            case 0x0311 -> "3.1.1";
            case 0x02ff -> "2.x";
            default -> String.format("0x%04x", d);
        };
    }

    private static boolean startsWith(byte[] a, int at, byte[] prefix) {
        if (a.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
