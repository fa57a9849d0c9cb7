"""The programme planner: which sites, tenure mixes, routes and years deliver the most affordable
homes the partnership's resources allow, and what working together adds.

Start at :func:`partnerhomes.programme.plan.run_plan`; the method is in
``docs/methodology/programme.md``. Options (:mod:`options`) are appraised by the development and
landlord engines; :mod:`model` writes the MILP as sparse arrays; :mod:`solve` solves it with
HiGHS.
"""
