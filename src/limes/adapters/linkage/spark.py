"""Splink's Spark backend, for a registry of tens of millions (docs/registry.md).

pyspark is not a dependency of limes: a national deployment installs it (``pip install
'splink[spark]'``, Java 17) and runs ``limes registry dedup --backend spark``; the model and
its comparisons are the same SQL on either backend.
"""

from __future__ import annotations

import importlib
import tempfile
from typing import Any

from limes.adapters.linkage.splink_model import LinkageBackend
from limes.errors import ConfigError


def spark_api(master: str = "local[2]", *, shuffle_partitions: int = 8) -> LinkageBackend:
    """A ``SparkAPI`` on a session at ``master`` (``local[2]`` for one machine, or a
    cluster's URL). Raises :class:`ConfigError` when pyspark is not installed."""
    try:
        sql: Any = importlib.import_module("pyspark.sql")
    except ImportError:
        raise ConfigError(
            "the Spark backend needs pyspark (pip install 'splink[spark]') and Java 17",
            field="backend",
        ) from None
    splink: Any = importlib.import_module("splink")  # SparkAPI is untyped

    session = (
        sql.SparkSession.builder.master(master)
        .appName("limes-registry-linkage")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="limes-spark-"))
    # Splink's Scala UDF jar (Jaro-Winkler ...) is built for another Scala than Spark 4's; the
    # model uses only functions built into Spark SQL, so the jar is not needed.
    api: LinkageBackend = splink.SparkAPI(spark_session=session, register_udfs_automatically=False)
    return api
