"""Team sharing (Qt-free): verified copies for colleagues, and a lossless merge of their copies.

``share_copy.save_copy`` writes a copy to send; ``merge.preview_merge`` and
``merge.merge`` fold a colleague's copy into the open project from row
history (``reconcile``, ``threeway``, ``integrity``); ``conflicts`` lists the
clashes this copy's merges found and settles them.
"""
