from django.core.management import call_command


def test_collectstatic_builds_the_manifest_that_production_serves(settings, tmp_path):
    """make run and every deployment collect the static files into a manifest (whitenoise
    adds compression on top); a vendored file that points at a missing one, such as a
    source map left out, stops them there."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    assert (tmp_path / "staticfiles.json").exists()
    assert (tmp_path / "fonts" / "NotoSansSC-Subset.otf").exists()
