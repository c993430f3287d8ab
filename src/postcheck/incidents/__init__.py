"""Compliance incidents: the ledger of problems that reached publication, and the quarterly
summary the team's KPI ("incidents per quarter, target 0-1") is read from.

One idea per module: :mod:`.ledger` reads and appends the YAML ledger, :mod:`.quarters` does
calendar and fiscal quarter arithmetic, :mod:`.summary` counts and renders, :mod:`.chart`
draws (matplotlib, optional) and :mod:`.gitscan` finds incidents in the content repo's history.
"""
