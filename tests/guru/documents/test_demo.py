"""The demo folder tree imports for real, respects permissions and can be re-run."""

from guru.documents.demo import documents_demo_load
from guru.documents.models import Document, DocumentVersion, Folder
from guru.documents.selectors import document_search, guidance_documents_for


def test_demo_tree_imports_every_file_and_rerun_adds_nothing(people):
    # when the demo is loaded
    reports = documents_demo_load()

    # then every demo file is stored, none skipped, every one searchable
    assert sum(len(r.created) for r in reports) == 9
    assert [r.skipped for r in reports] == [[], []]
    assert set(DocumentVersion.objects.values_list("text_status", flat=True)) == {"ok"}
    counts = (Folder.objects.count(), DocumentVersion.objects.count())

    # and loading it again finds everything unchanged
    again = documents_demo_load()
    assert sum(len(r.unchanged) for r in again) == 9
    assert (Folder.objects.count(), DocumentVersion.objects.count()) == counts


def test_demo_documents_follow_the_folder_permissions(people):
    documents_demo_load()
    lg, staff = people["lg"], people["staff"]
    assert document_search(user=lg, query="innovationsförmåga")
    assert not document_search(user=staff, query="innovationsförmåga")
    assert [h.document.title for h in document_search(user=staff, query="semester")]
    assert {g.document.title for g in guidance_documents_for(staff)} == {
        "Semester och ledighet.txt",
        "Resor i tjänsten.pdf",
    }
    assert Document.objects.filter(is_guidance=True).count() == 2
