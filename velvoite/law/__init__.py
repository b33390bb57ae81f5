"""The law-change watch (lakimuutosvahti): the statute texts a rule pack quotes and cites, read from
Finlex's consolidated Akoma Ntoso (``akn``), checked against the pack's rules (``check``) and
pinned in the pack's lock (``lock``). Nothing here reads the network or today's date: the command
(``velvoite law``) fetches and chooses the day."""

__all__ = ["akn", "check", "lock", "quote"]
