"""The citizens' survey (khảo sát người dân) and the plans' two targets side by side.

Modules: ``models`` and ``loader`` (the office's YAML file), ``identity`` (the salted
pseudonym, the only identity stored), ``flow`` (the dialogue), ``stats`` (Wilson interval),
``report`` (the survey's figures), ``targets`` and ``chart`` (staff and citizens together),
``cli`` (``cchc report``). State lives in ``bot.storage.survey``.
"""
