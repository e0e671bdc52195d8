"""Page-number pagination of every API list: 50 rows by default (as the pages), at most 200."""
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = f"每页条数,默认 {PAGE_SIZE},最多 {MAX_PAGE_SIZE}"
    page_query_description = "页码,从 1 开始"
    max_page_size = MAX_PAGE_SIZE
