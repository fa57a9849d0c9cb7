"""The illustrative South Essex partnership that ``make demo`` runs on.

Everything here is of our own making and labelled illustrative: the six councils and Homes
England are real bodies with their real codes, but the housing associations, the sites and every
figure attached to them are invented for demonstration. The demo goes through the real import
path: it is written in the partner site-list format and read back by ``partnerhomes.sites``.
"""
