"""The app's lifespan: while it serves, what start-up made is out of the garbage
collector's sight (so full collections under load do not walk it), and given back when
it stops."""

import gc

from fastapi import FastAPI


async def test_start_up_objects_are_frozen_while_serving_and_given_back(app: FastAPI) -> None:
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
