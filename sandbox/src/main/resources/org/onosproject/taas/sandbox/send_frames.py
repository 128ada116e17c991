# Sends crafted Ethernet frames from inside a host's network namespace (run with
# /usr/bin/python3, which has scapy). Arguments: IFACE COUNT SRC_MAC DST_MAC SRC_IP DST_IP VLAN DPORT
# VLAN is "-" for an untagged frame; DPORT is the UDP destination port.
import sys
import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import Ether, Dot1Q, IP, UDP, Raw, sendp

iface, count, smac, dmac, sip, dip, vlan, dport = sys.argv[1:9]
frames = []
for i in range(int(count)):
    frame = Ether(src=smac, dst=dmac)
    if vlan != "-":
        frame = frame / Dot1Q(vlan=int(vlan))
    frame = frame / IP(src=sip, dst=dip, ttl=64) / UDP(sport=40000 + i, dport=int(dport)) / Raw(b"taas-sandbox")
    frames.append(frame)
sendp(frames, iface=iface, verbose=False)
