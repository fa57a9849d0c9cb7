"""The development appraisal: schemes × months, vectorised (axis 0 = scheme, axis 1 = month).

Start at :func:`partnerhomes.appraisal.appraise.appraise`; the method is in
``docs/methodology/appraisal.md``.
"""
